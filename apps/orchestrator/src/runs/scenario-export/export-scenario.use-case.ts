import { Injectable } from '@nestjs/common';
import { CofounderConfig } from '@cofounder/config';
import { Conflict, NotFound, RunScenarioRequestV1, RunScenarioV1 } from '@cofounder/contracts';
import { RunRepository } from '../run.repository';
import { recordedScenario, scenarioContextWindow } from './recorded-scenario';
import { RunRepliesRepository } from './run-replies.repository';

/** A founder's run as a simulator scenario: a bug met in a run becomes a test that replays it. */
@Injectable()
export class ExportScenarioUseCase {
  constructor(
    private readonly runs: RunRepository,
    private readonly replies: RunRepliesRepository,
    private readonly config: CofounderConfig,
  ) {}

  async execute(request: RunScenarioRequestV1): Promise<RunScenarioV1> {
    const run = await this.runs.findOwned(request.runId, request.ownerId);
    if (!run) throw new NotFound('Run not found');
    const replies = await this.replies.ofOwnedRun(request);
    // A scenario needs at least one step: the simulator refuses an empty one.
    if (!replies.length) throw new Conflict('The run has no model reply to export yet.');
    return recordedScenario(run.id, replies, scenarioContextWindow(run, this.config));
  }
}
