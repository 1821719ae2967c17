import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  NotFound, RunControlRequestV1, RunGetRequestV1, RunRespondReplyV1, RunRespondRequestV1, RunsControl, RunsGet, RunsRespond, RunViewV1,
} from '@cofounder/contracts';
import { ControlRunUseCase } from './control-run.use-case';
import { AnswerEscalationUseCase } from './answer-escalation.use-case';
import { RunRepository } from './run.repository';

@Controller()
export class RunQueryController {
  constructor(
    private readonly runs: RunRepository,
    private readonly answerEscalation: AnswerEscalationUseCase,
    private readonly controlRun: ControlRunUseCase,
  ) {}

  @MessagePattern(RunsGet.subject, { payload: RunGetRequestV1 })
  async get(@Payload() request: RunGetRequestV1): Promise<RunViewV1> {
    const run = await this.runs.find(request.runId);
    if (!run) throw new NotFound(`run ${request.runId} is not known yet`);
    const open = run.status === 'awaiting_input' ? await this.runs.openEscalationOf(run.id) : null;
    return {
      id: run.id, projectId: run.projectId, ownerId: run.ownerId, status: run.status, reason: run.reason, goal: run.goal,
      model: run.model, toolCalls: run.toolCalls,
      sleepingUntil: run.status === 'sleeping' && run.sleepingUntil ? run.sleepingUntil.toISOString() : null,
      escalation: open && {
        id: open.id, kind: open.kind, reason: open.reason, attempts: open.attempts, options: open.options, createdAt: open.createdAt.toISOString(),
      },
      createdAt: run.createdAt.toISOString(), updatedAt: run.updatedAt.toISOString(),
    };
  }

  @MessagePattern(RunsRespond.subject, { payload: RunRespondRequestV1 })
  respond(@Payload() answer: RunRespondRequestV1): Promise<RunRespondReplyV1> {
    return this.answerEscalation.execute(answer);
  }

  @MessagePattern(RunsControl.subject, { payload: RunControlRequestV1 })
  control(@Payload() request: RunControlRequestV1): Promise<RunRespondReplyV1> {
    return this.controlRun.execute(request);
  }
}
