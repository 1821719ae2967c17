import { Injectable, Logger } from '@nestjs/common';
import { WakeTimerRepository } from '../timers/wake-timer.repository';
import { RunStatusEventV1 } from './run-status.event';

/**
 * Keeps a run's wake timer in step with its status: `sleeping` with a `wakeAt` sets it,
 * any other status clears it. `eventSeq` (the EVENTS stream sequence) orders the events of
 * a run, so a redelivery or an older event handled after a newer one changes nothing.
 */
@Injectable()
export class TrackSleepUseCase {
  private readonly log = new Logger(TrackSleepUseCase.name);

  constructor(private readonly timers: WakeTimerRepository) {}

  async execute(event: RunStatusEventV1, eventSeq: number): Promise<void> {
    if (event.status === 'sleeping' && event.wakeAt) {
      const applied = await this.timers.setTimer(event.runId, new Date(event.wakeAt), eventSeq);
      if (applied) this.log.log({ msg: 'wake timer set', runId: event.runId, wakeAt: event.wakeAt, eventSeq });
      return;
    }
    // A sleep without a wake time has nothing to fire; it clears any older timer all the same.
    await this.timers.clearTimer(event.runId, eventSeq);
  }
}
