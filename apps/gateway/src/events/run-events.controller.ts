import { Controller, Get, Headers, HttpStatus, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthGuard, CurrentFounder, Founder } from '@cofounder/auth';
import { Clock, CofounderConfig } from '@cofounder/config';
import { InvalidInput, isTerminalEvent } from '@cofounder/contracts';
import { ApiErrors } from '../docs/api-errors.decorator';
import { ApiRunEventStream } from '../docs/api-run-event-stream.decorator';
import { RunsUseCases } from '../runs/runs.use-cases';
import { resumeAfter } from './event-cursor';
import { RunEventFeed } from './run-event-feed';
import { StreamMessage } from './run-digest';
import { flushDelay, isVerbose, streamView } from './stream-view';

@Controller('v1/runs')
@UseGuards(AuthGuard)
@ApiTags('runs')
@ApiBearerAuth('bearer')
export class RunEventsController {
  constructor(
    private readonly runs: RunsUseCases,
    private readonly feed: RunEventFeed,
    private readonly config: CofounderConfig,
    private readonly clock: Clock,
  ) {}

  @Get(':runId/events')
  @ApiRunEventStream()
  @ApiErrors(400, 401, 404)
  async stream(
    @CurrentFounder() founder: Founder,
    @Param('runId') runId: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query('after') after: string | undefined,
    @Query('verbose') verbose: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.runs.ownedRun(founder, runId);
    const afterSeq = resumeAfter(lastEventId, after);
    if (afterSeq === 'invalid') throw new InvalidInput('after (or Last-Event-ID) must be an event id');
    const terminal = await this.feed.terminalSeq(runId);
    if (terminal !== null && terminal <= afterSeq) {
      // Nothing is left to wait for; a 204 is what tells a browser's EventSource to stop reconnecting.
      res.status(HttpStatus.NO_CONTENT).end();
      return;
    }

    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 3000\n\n');

    let gone = false;
    req.on('close', () => { gone = true; });
    const subscription = await this.feed.follow(runId, afterSeq);
    const { batchWindowMs } = this.config.time;
    const view = streamView(isVerbose(verbose), this.config.time);
    const send = (messages: StreamMessage[]) => {
      for (const { seq, event } of messages) res.write(`id: ${seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    let flush: NodeJS.Timeout | undefined;
    // A comment line keeps proxies and browsers from timing the stream out while a tool runs for minutes.
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), this.config.time.heartbeatMs);
    const stop = () => {
      clearInterval(heartbeat);
      clearTimeout(flush);
      void subscription.close();
    };
    if (gone) stop();
    req.on('close', stop);
    try {
      for await (const { seq, event, pending } of subscription.events) {
        clearTimeout(flush);
        send(view.accept({ seq, event }));
        if (isTerminalEvent(event)) break;
        // Only once caught up: while the stream holds more, the next event's own `at` closes
        // the digest, as it will in any replay. Live, a timer does, so no activity waits long.
        const endsAt = pending === 0 ? view.windowEndsAt() : null;
        if (endsAt !== null) flush = setTimeout(() => send(view.flush()), flushDelay(endsAt, this.clock.now().getTime(), batchWindowMs));
      }
    } finally {
      stop();
      res.end();
    }
  }
}
