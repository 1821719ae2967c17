import { ServiceUnavailableException } from '@nestjs/common';
import { Conflict, NotFound } from '@cofounder/contracts';
import { DependencyUnavailable, RpcClient } from '@cofounder/messaging';
import { ExportRunScenarioUseCase } from './export-run-scenario.use-case';
import { RunsUseCases } from './runs.use-cases';

const founder = { id: 'dev_alice' };
const RUN_ID = '6f1c2b1e-5d1a-4c3e-9a57-0b1f2e3d4c5b';

function exportWith(answer: () => Promise<unknown>, owned = true) {
  const asked: unknown[] = [];
  const runs = { ownedRun: async () => { if (!owned) throw new NotFound('Run not found'); } } as unknown as RunsUseCases;
  const rpc = { request: async (_def: unknown, request: unknown) => { asked.push(request); return answer(); } } as unknown as RpcClient;
  return { useCase: new ExportRunScenarioUseCase(runs, rpc), asked };
}

describe('ExportRunScenarioUseCase', () => {
  it('asks the agent for the run as its founder owns it', async () => {
    const scenario = { name: `replay-${RUN_ID}`, contextWindow: 200_000, repeatLast: false, steps: [] };
    const { useCase, asked } = exportWith(async () => scenario);
    await expect(useCase.execute(founder as never, RUN_ID)).resolves.toBe(scenario);
    expect(asked).toEqual([{ runId: RUN_ID, ownerId: 'dev_alice' }]);
  });

  it('answers 404 for a run not the caller\'s without asking the agent', async () => {
    const { useCase, asked } = exportWith(async () => ({}), false);
    await expect(useCase.execute(founder as never, RUN_ID)).rejects.toThrow(NotFound);
    expect(asked).toEqual([]);
  });

  it('answers 409 for a run registered but not yet taken up by the agent', async () => {
    const { useCase } = exportWith(async () => { throw new NotFound(`run ${RUN_ID} is not known yet`); });
    await expect(useCase.execute(founder as never, RUN_ID)).rejects.toThrow(Conflict);
  });

  it('answers 503 in plain words while the agent is away', async () => {
    const { useCase } = exportWith(async () => { throw new DependencyUnavailable('runs.scenario', 'no responders'); });
    await expect(useCase.execute(founder as never, RUN_ID)).rejects.toThrow(ServiceUnavailableException);
  });
});
