import { Module } from '@nestjs/common';
import { ReaperModule } from '../reaper/reaper.module';
import { StepLease } from './step-lease';
import { StepLeaseRepository } from './step-lease.repository';

/** The step lease, and the reaper that relies on the lease to find runs with no step in flight. */
@Module({
  imports: [ReaperModule],
  providers: [StepLease, StepLeaseRepository],
  exports: [StepLease],
})
export class StepLeaseModule {}
