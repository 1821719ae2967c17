import { Module } from '@nestjs/common';
import { MessagingModule, NatsHealthIndicator } from '@cofounder/messaging';
import { ObservabilityModule } from '@cofounder/observability';
import { DatabaseHealthIndicator } from '@cofounder/persistence';
import { LeadershipHealthIndicator } from './leadership/leadership.health';
import { LeadershipModule } from './leadership/leadership.module';
import { SchedulerMetrics } from './scheduler.metrics';
import { RunStatusController } from './sleeps/run-status.controller';
import { TrackSleepUseCase } from './sleeps/track-sleep.use-case';
import { StaleWorkSweep } from './sweeps/stale-work.sweep';
import { SchedulerTick } from './tick/scheduler-tick';
import { SchedulerTiming } from './tick/scheduler-timing';
import { TimersModule } from './timers/timers.module';
import { WakeDueRunsUseCase } from './wakes/wake-due-runs.use-case';

/** The scheduler without its configuration: the service adds ConfigModule.forRoot(), a test its own. */
@Module({
  imports: [
    MessagingModule.forRoot('scheduler'),
    TimersModule,
    LeadershipModule,
    ObservabilityModule.forRoot([NatsHealthIndicator, DatabaseHealthIndicator, LeadershipHealthIndicator]),
  ],
  controllers: [RunStatusController],
  providers: [SchedulerMetrics, SchedulerTiming, TrackSleepUseCase, WakeDueRunsUseCase, StaleWorkSweep, SchedulerTick],
})
export class SchedulerModule {}
