import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Streams, Subjects } from '@cofounder/contracts';
import type { JetStreamContext, JetStreamHandlerExtras } from '@cofounder/messaging';
import { RunStatusEventV1 } from './run-status.event';
import { TrackSleepUseCase } from './track-sleep.use-case';

/**
 * Learns of sleeps from the runs' own status events. EVENTS keeps its messages (limits
 * retention), so the durable reads the stream from its start the first time and from where
 * it left off after any restart: a sleep announced while the scheduler was down is not missed.
 */
@Controller()
export class RunStatusController {
  constructor(private readonly trackSleep: TrackSleepUseCase) {}

  @EventPattern(Subjects.runEvent('*', 'run.status'), {
    stream: Streams.EVENTS, durable: 'scheduler-run-status', payload: RunStatusEventV1,
  } satisfies JetStreamHandlerExtras)
  handle(@Payload() event: RunStatusEventV1, @Ctx() ctx: JetStreamContext): Promise<void> {
    return this.trackSleep.execute(event, ctx.message.seq);
  }
}
