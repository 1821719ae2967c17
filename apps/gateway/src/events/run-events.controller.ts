import { Controller, Get, Headers, HttpStatus, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthGuard, CurrentFounder, Founder } from '@cofounder/auth';
import { Clock, CofounderConfig } from '@cofounder/config';
import { InvalidInput } from '@cofounder/contracts';
import { ApiErrors } from '../docs/api-errors.decorator';
import { ApiRunEventStream } from '../docs/api-run-event-stream.decorator';
import { RunsUseCases } from '../runs/runs.use-cases';
import { resumeAfter } from './event-cursor';
import { RunEventFeed } from './run-event-feed';
import { RunEventsHub } from './run-events-hub';
import { SseConnection } from './sse-connection';
import { SseMetrics } from './sse-metrics';
import { isVerbose, streamView } from './stream-view';

@Controller('v1/runs')
@UseGuards(AuthGuard)
@ApiTags('runs')
@ApiBearerAuth('bearer')
export class RunEventsController {
  constructor(
    private readonly runs: RunsUseCases,
    private readonly feed: RunEventFeed,
    private readonly hub: RunEventsHub,
    private readonly metrics: SseMetrics,
    private readonly config: CofounderConfig,
    private readonly clock: Clock,
  ) {}

  @Get(':runId/events')
  @ApiRunEventStream()
  @ApiErrors(400, 401, 404, 503)
  async stream(
    @CurrentFounder() founder: Founder,
    @Param('runId') runId: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query('after') after: string | undefined,
    @Query('verbose') verbose: string | undefined,
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
    const { heartbeatMs, batchWindowMs } = this.config.time;
    const view = streamView(isVerbose(verbose), this.config.time);
    await this.hub.follow(runId, afterSeq, () => SseConnection.open(res, view, afterSeq, {
      heartbeatMs, batchWindowMs, bufferEvents: this.config.sse.clientBufferEvents,
      now: () => this.clock.now().getTime(), onDropped: () => this.metrics.clientsDropped.inc(),
    }));
  }
}
