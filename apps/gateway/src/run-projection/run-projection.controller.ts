import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Streams, Subjects } from '@cofounder/contracts';
import type { JetStreamContext, JetStreamHandlerExtras } from '@cofounder/messaging';
import { ProjectRunEventUseCase } from './project-run-event.use-case';
import { PROJECTION_DURABLE } from './projection-durable';

/**
 * Every run's events, from EVENTS: the durable reads the stream from its start the first time and
 * from where it left off after any restart or outage, so the projection catches up with what it missed.
 */
@Controller()
export class RunProjectionController {
  constructor(private readonly project: ProjectRunEventUseCase) {}

  @EventPattern(Subjects.runEvents('*'), { stream: Streams.EVENTS, durable: PROJECTION_DURABLE } satisfies JetStreamHandlerExtras)
  handle(@Payload() event: unknown, @Ctx() ctx: JetStreamContext): Promise<void> {
    return this.project.execute(event, ctx.message.seq);
  }
}
