import { Controller, Get, Param } from '@nestjs/common';
import { RequestLog, RequestRecord } from './request-log';

@Controller('sim/runs')
export class RequestsController {
  constructor(private readonly log: RequestLog) {}

  @Get(':runId/requests')
  list(@Param('runId') runId: string): { runId: string; requests: RequestRecord[] } {
    return { runId, requests: this.log.list(runId) };
  }
}
