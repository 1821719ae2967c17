import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsBoolean, IsOptional, IsString, isUUID, Length } from 'class-validator';
import { Founder } from '@cofounder/auth';
import { Clock } from '@cofounder/config';
import {
  cancelMessageId, Conflict, decode, EscalationAnswerV1, NotFound, RunCancelV1, RunControl, RunsControl, RunsRespond, RunStartV1, RunStatus, Subjects,
} from '@cofounder/contracts';
import { JetStreamPublisher, RpcClient } from '@cofounder/messaging';
import { ProjectRepository } from '../projects/project.repository';
import { ProjectionFreshness } from '../run-projection/projection-freshness';
import { RunView } from '../run-projection/run-view';
import { RunViewRepository } from '../run-projection/run-view.repository';
import { askTheAgent } from './agent-service';
import { RunRegistrationEntity } from './run-registration.entity';
import { RunRegistrationRepository } from './run-registration.repository';

export type { RunView } from '../run-projection/run-view';

export class CreateRunBody {
  @IsString() @Length(1, 20000) goal!: string;
  @IsOptional() @IsBoolean() verbose?: boolean;
}

/** A project's runs listed at once; older ones are not shown (no paging yet). */
const RUNS_LISTED = 200;

@Injectable()
export class RunsUseCases {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly runs: RunRegistrationRepository,
    private readonly views: RunViewRepository,
    private readonly freshness: ProjectionFreshness,
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
    return askTheAgent(() => this.rpc.request(RunsRespond, { ...answer, runId, ownerId: founder.id }));
  }

  /**
   * 404, then 409 when the run's status forbids it. A run the orchestrator has not taken up yet
   * is queued: it can be cancelled (a durable command, applied whichever of it and the start
   * comes first), not paused or resumed.
   */
  async control(founder: Founder, runId: string, action: RunControl): Promise<{ status: RunStatus }> {
    const run = await this.ownedRun(founder, runId);
    try {
      return await askTheAgent(() => this.rpc.request(RunsControl, { runId, ownerId: founder.id, action }));
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
      if (action !== 'cancel') throw new Conflict(`The run has not started yet: only a running or resting run can be ${action}d`);
      const command: RunCancelV1 = { runId, projectId: run.projectId, ownerId: run.ownerId, goal: run.goal, verbose: run.verbose };
      await this.publisher.publish(Subjects.runCommand('cancel'), command, cancelMessageId(command));
      return { status: 'cancelled' };
    }
  }

  /** From the gateway's own projection of the run's events: it answers while the orchestrator or billing is away. */
  async get(founder: Founder, runId: string): Promise<RunView> {
    await this.ownedRun(founder, runId);
    await this.freshness.awaitRun(runId);
    const view = await this.views.findOwned(founder, runId);
    if (!view) throw new NotFound('Run not found');
    return view;
  }

  /** The project's runs as GET /v1/runs/:runId shows each, newest first; 404 for a project not the caller's. */
  async listForProject(founder: Founder, projectId: string): Promise<{ items: RunView[] }> {
    const project = isUUID(projectId) ? await this.projects.findOwned(projectId, founder.id) : null;
    if (!project) throw new NotFound('Project not found');
    await this.freshness.awaitAll();
    return { items: await this.views.listOwnedByProject(founder, project.id, RUNS_LISTED) };
  }
}
