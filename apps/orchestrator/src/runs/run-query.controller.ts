import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { NotFound, RunGetRequestV1, RunsGet, RunViewV1 } from '@cofounder/contracts';
import { RunRepository } from './run.repository';

@Controller()
export class RunQueryController {
  constructor(private readonly runs: RunRepository) {}

  @MessagePattern(RunsGet.subject, { payload: RunGetRequestV1 })
  async get(@Payload() request: RunGetRequestV1): Promise<RunViewV1> {
    const run = await this.runs.find(request.runId);
    if (!run) throw new NotFound(`run ${request.runId} is not known yet`);
    return {
      id: run.id, projectId: run.projectId, ownerId: run.ownerId, status: run.status, reason: run.reason, goal: run.goal,
      model: run.model, toolCalls: run.toolCalls, sleepingUntil: null,
      createdAt: run.createdAt.toISOString(), updatedAt: run.updatedAt.toISOString(),
    };
  }
}
