import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsBoolean, IsOptional, IsString, isUUID, Length } from 'class-validator';
import { Founder } from '@cofounder/auth';
import { Clock } from '@cofounder/config';
import {
  BillingRunCost, cancelMessageId, Conflict, decode, EscalationAnswerV1, EscalationV1, NotFound, RunControl, RunsControl, RunsGet, RunsRespond, RunStartV1,
  RunCancelV1, RunStatus, Subjects,
} from '@cofounder/contracts';
import { JetStreamPublisher, RpcClient } from '@cofounder/messaging';
import { ProjectRepository } from '../projects/project.repository';
import { RunRegistrationEntity } from './run-registration.entity';
import { RunRegistrationRepository } from './run-registration.repository';

export class CreateRunBody {
  @IsString() @Length(1, 20000) goal!: string;
  @IsOptional() @IsBoolean() verbose?: boolean;
}

export interface RunView {
  id: string;
  projectId: string;
  status: RunStatus;
  reason: string | null;
  goal: string;
  model: string | null;
  toolCalls: number;
  costMicrodollars: number;
  sleepingUntil: string | null;
  escalation: EscalationV1 | null;
  createdAt: string;
  updatedAt: string;
}

/** A project's runs listed at once; older ones are not shown (no paging yet). */
const RUNS_LISTED = 200;

@Injectable()
export class RunsUseCases {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly runs: RunRegistrationRepository,
    private readonly publisher: JetStreamPublisher,
    private readonly rpc: RpcClient,
    private readonly clock: Clock,
  ) {}

  /** 404 before 400: a founder learns nothing about a project that is not theirs. */
  async start(founder: Founder, projectId: string, body: unknown): Promise<{ id: string; projectId: string; status: 'queued' }> {
    const project = isUUID(projectId) ? await this.projects.findOwned(projectId, founder.id) : null;
    if (!project) throw new NotFound('Project not found');
    const { goal, verbose } = decode(CreateRunBody, body);
    const run: RunRegistrationEntity = {
      id: randomUUID(), projectId: project.id, ownerId: founder.id, goal, verbose: verbose ?? false, createdAt: this.clock.now(),
    };
    await this.runs.insert(run);
    const command: RunStartV1 = { runId: run.id, projectId: run.projectId, ownerId: run.ownerId, goal, verbose: run.verbose };
    try {
      // Retried once with the same msgID: a first attempt whose ack was lost may have been stored.
      await this.publisher.publish(Subjects.runCommand('start'), command, run.id)
        .catch(() => this.publisher.publish(Subjects.runCommand('start'), command, run.id));
    } catch (err) {
      // Not queued, so not kept: the founder is told to try again rather than left with a run that never starts.
      await this.runs.delete(run.id);
      throw err;
    }
    return { id: run.id, projectId: run.projectId, status: 'queued' };
  }

  /** The run, or 404 when it is absent or another founder's. */
  async ownedRun(founder: Founder, runId: string): Promise<RunRegistrationEntity> {
    const run = isUUID(runId) ? await this.runs.findOwned(runId, founder.id) : null;
    if (!run) throw new NotFound('Run not found');
    return run;
  }

  /** 404, then 400 (the body), then 409 (the run is not waiting, or the action is not offered). */
  async answerEscalation(founder: Founder, runId: string, body: unknown): Promise<{ status: RunStatus }> {
    await this.ownedRun(founder, runId);
    const answer = decode(EscalationAnswerV1, body);
    return this.rpc.request(RunsRespond, { ...answer, runId, ownerId: founder.id });
  }

  /**
   * 404, then 409 when the run's status forbids it. A run the orchestrator has not taken up yet
   * is queued: it can be cancelled (a durable command, applied whichever of it and the start
   * comes first), not paused or resumed.
   */
  async control(founder: Founder, runId: string, action: RunControl): Promise<{ status: RunStatus }> {
    const run = await this.ownedRun(founder, runId);
    try {
      return await this.rpc.request(RunsControl, { runId, ownerId: founder.id, action });
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
      if (action !== 'cancel') throw new Conflict(`The run has not started yet: only a running or resting run can be ${action}d`);
      const command: RunCancelV1 = { runId, projectId: run.projectId, ownerId: run.ownerId, goal: run.goal, verbose: run.verbose };
      await this.publisher.publish(Subjects.runCommand('cancel'), command, cancelMessageId(command));
      return { status: 'cancelled' };
    }
  }

  async get(founder: Founder, runId: string): Promise<RunView> {
    return this.view(await this.ownedRun(founder, runId));
  }

  /** The project's runs as GET /v1/runs/:runId shows each, newest first; 404 for a project not the caller's. */
  async listForProject(founder: Founder, projectId: string): Promise<{ items: RunView[] }> {
    const project = isUUID(projectId) ? await this.projects.findOwned(projectId, founder.id) : null;
    if (!project) throw new NotFound('Project not found');
    const registrations = await this.runs.listOwnedByProject(project.id, founder.id, RUNS_LISTED);
    return { items: await Promise.all(registrations.map((r) => this.view(r))) };
  }

  private async view(registration: RunRegistrationEntity): Promise<RunView> {
    const runId = registration.id;
    const [state, cost] = await Promise.all([
      this.rpc.request(RunsGet, { runId }).catch((err) => {
        if (err instanceof NotFound) return null; // the orchestrator has not taken the start command yet
        throw err;
      }),
      this.rpc.request(BillingRunCost, { runId, ownerId: registration.ownerId }),
    ]);
    const createdAt = registration.createdAt.toISOString();
    return {
      id: registration.id,
      projectId: registration.projectId,
      status: state?.status ?? 'queued',
      reason: state?.reason ?? null,
      goal: registration.goal,
      model: state?.model ?? null,
      toolCalls: state?.toolCalls ?? 0,
      costMicrodollars: cost.costMicrodollars,
      sleepingUntil: state?.sleepingUntil ?? null,
      escalation: state?.escalation ?? null,
      createdAt,
      updatedAt: state?.updatedAt ?? createdAt,
    };
  }
}
