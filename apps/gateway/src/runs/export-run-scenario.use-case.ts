import { Injectable } from '@nestjs/common';
import { Founder } from '@cofounder/auth';
import { Conflict, NotFound, RunScenarioV1, RunsScenario } from '@cofounder/contracts';
import { RpcClient } from '@cofounder/messaging';
import { askTheAgent } from './agent-service';
import { RunsUseCases } from './runs.use-cases';

/** The run's recorded model replies as a simulator scenario, for its founder to replay offline. */
@Injectable()
export class ExportRunScenarioUseCase {
  constructor(private readonly runs: RunsUseCases, private readonly rpc: RpcClient) {}

  /** 404 for a run not the caller's, then 409 while it has no reply to export. */
  async execute(founder: Founder, runId: string): Promise<RunScenarioV1> {
    await this.runs.ownedRun(founder, runId);
    try {
      return await askTheAgent(() => this.rpc.request(RunsScenario, { runId, ownerId: founder.id }));
    } catch (err) {
      // Registered here, not yet taken up by the agent: it has made no model call.
      if (err instanceof NotFound) throw new Conflict('The run has not started yet: it has no model reply to export.', { cause: err });
      throw err;
    }
  }
}
