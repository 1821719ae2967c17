import { Global, Module } from '@nestjs/common';
import { PersistenceModule } from '@cofounder/persistence';
import { CreateWakeTimers1732800000000 } from './migrations/1732800000000-create-wake-timers';
import { WakeTimerEntity } from './wake-timer.entity';
import { WakeTimerRepository } from './wake-timer.repository';

/**
 * The scheduler schema. Global so that ObservabilityModule's /health can inject the
 * PostgreSQL indicator that PersistenceModule provides.
 */
@Global()
@Module({
  imports: [
    PersistenceModule.forRoot({
      name: 'scheduler',
      entities: [WakeTimerEntity],
      migrations: [CreateWakeTimers1732800000000],
    }),
  ],
  providers: [WakeTimerRepository],
  exports: [WakeTimerRepository, PersistenceModule],
})
export class TimersModule {}
