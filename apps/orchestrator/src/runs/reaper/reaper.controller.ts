import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { RunsReap, RunsReapReplyV1 } from '@cofounder/contracts';
import { ReapStaleRunsUseCase } from './reap-stale-runs.use-case';

@Controller()
export class ReaperController {
  constructor(private readonly reap: ReapStaleRunsUseCase) {}

  // No payload to decode: the request has no fields, and class-validator refuses a class with no rules.
  @MessagePattern(RunsReap.subject)
  async reapStaleRuns(): Promise<RunsReapReplyV1> {
    return { reaped: await this.reap.execute() };
  }
}
