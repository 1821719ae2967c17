import { Module } from '@nestjs/common';
import { ConfigModule } from '@cofounder/config';
import { MessagingModule, NatsHealthIndicator } from '@cofounder/messaging';
import { ObservabilityModule } from '@cofounder/observability';
import { LeadershipHealthIndicator } from './leadership/leadership.health';
import { LeadershipModule } from './leadership/leadership.module';

@Module({
  imports: [
    ConfigModule.forRoot(),
    MessagingModule.forRoot('scheduler'),
    LeadershipModule,
    ObservabilityModule.forRoot([NatsHealthIndicator, LeadershipHealthIndicator]),
  ],
})
export class SchedulerModule {}
