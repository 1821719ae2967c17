import { Module } from '@nestjs/common';
import { OutageNotice } from '../outages/outage-notice';
import { ReaperModule } from '../reaper/reaper.module';
import { StepLease } from './step-lease';
import { StepLeaseRepository } from './step-lease.repository';

/** The step lease, the outage notice a step gives, and the reaper that relies on the lease to find runs with no step in flight. */
@Module({
  imports: [ReaperModule],
  providers: [StepLease, StepLeaseRepository, OutageNotice],
  exports: [StepLease, OutageNotice],
})
export class StepLeaseModule {}
