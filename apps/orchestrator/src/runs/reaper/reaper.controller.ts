import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { RunsReap, RunsReapReplyV1, RunsReapRequestV1 } from '@cofounder/contracts';
import type { RpcHandlerExtras } from '@cofounder/messaging';
import { ReapStaleRunsUseCase } from './reap-stale-runs.use-case';

@Controller()
export class ReaperController {
  constructor(private readonly reap: ReapStaleRunsUseCase) {}

  @MessagePattern(RunsReap.subject, { payload: RunsReapRequestV1 } satisfies RpcHandlerExtras)
  async reapStaleRuns(): Promise<RunsReapReplyV1> {
    return { reaped: await this.reap.execute() };
  }
}
