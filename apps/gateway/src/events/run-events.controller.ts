import { Controller, Get, Headers, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthGuard, CurrentFounder, Founder } from '@cofounder/auth';
import { CofounderConfig } from '@cofounder/config';
import { InvalidInput, isTerminalEvent } from '@cofounder/contracts';
import { RunsUseCases } from '../runs/runs.use-cases';
import { isVisible, resumeAfter } from './event-visibility';
import { RunEventFeed } from './run-event-feed';

@Controller('v1/runs')
@UseGuards(AuthGuard)
export class RunEventsController {
  constructor(private readonly runs: RunsUseCases, private readonly feed: RunEventFeed, private readonly config: CofounderConfig) {}

  @Get(':runId/events')
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
    const showTools = verbose === 'true';

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
    const terminal = await this.feed.terminalSeq(runId);
    if (gone || (terminal !== null && terminal <= afterSeq)) {
      res.end();
      return;
    }
    const subscription = await this.feed.follow(runId, afterSeq);
    // A comment line keeps proxies and browsers from timing the stream out while a tool runs for minutes.
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), this.config.time.heartbeatMs);
    const stop = () => {
      clearInterval(heartbeat);
      void subscription.close();
    };
    if (gone) stop();
    req.on('close', stop);
    try {
      for await (const { seq, event } of subscription.events) {
        if (isVisible(event.type, showTools)) res.write(`id: ${seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
        if (isTerminalEvent(event)) break;
      }
    } finally {
      stop();
      res.end();
    }
  }
}
