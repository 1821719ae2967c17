import { Module } from '@nestjs/common';
import { ConfigModule } from '@cofounder/config';
import { SchedulerModule } from './scheduler.module';

@Module({ imports: [ConfigModule.forRoot(), SchedulerModule] })
export class SchedulerServiceModule {}
