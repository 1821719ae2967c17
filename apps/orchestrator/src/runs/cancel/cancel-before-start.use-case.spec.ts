import { ManualClock, loadConfig } from '@cofounder/config';
import { RunCancelV1 } from '@cofounder/contracts';
import { BUNDLED_CONFIG } from '../../../../../test/support/test-environment';
import { assembleRun } from '../../../test/assemble-loop';
import {
  CapturedSteps, FixedPlans, IgnoredState, IgnoredUsage, InMemoryRunStore, InstantTools, OpenBudget, RecordedEvents, RecordedWorkspace, ScriptedModel,
} from '../../../test/loop-doubles';
import { StartRunUseCase } from '../start-run.use-case';
import { CancelBeforeStartUseCase } from './cancel-before-start.use-case';

function world() {
  const config = loadConfig(BUNDLED_CONFIG);
  const clock = new ManualClock(new Date('2026-12-01T10:00:00Z'));
  const store = new InMemoryRunStore();
  const events = new RecordedEvents();
  const steps = new CapturedSteps();
  const plans = new FixedPlans();
  const { control } = assembleRun({
    store, model: new ScriptedModel([]), tools: new InstantTools(), events, steps, workspace: new RecordedWorkspace(),
    usage: new IgnoredUsage(), budget: new OpenBudget(), config, clock, plans,
  });
  const cancel = new CancelBeforeStartUseCase(store, control, clock);
  const start = new StartRunUseCase(store, plans, events, steps, new IgnoredState(), clock);
  const command: RunCancelV1 = {
    runId: '5a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d', projectId: '6b2e3d4c-5f6a-4b7c-9d8e-0f1a2b3c4d5e',
    ownerId: 'dev_alice', goal: 'Build it', verbose: false,
  };
  return { store, events, steps, cancel, start, command };
}

describe('a cancel that comes before the run\'s start', () => {
  it('records the run cancelled, and the start that follows finds it ended and queues nothing', async () => {
    const w = world();
    await w.cancel.execute(w.command);
    expect(await w.store.find(w.command.runId)).toMatchObject({ status: 'cancelled', goal: 'Build it', ownerId: 'dev_alice' });
    expect([...w.events.byKey.values()]).toContainEqual(expect.objectContaining({ type: 'run.status', status: 'cancelled' }));

    w.steps.next = null;
    await w.start.execute({ ...w.command });
    expect((await w.store.find(w.command.runId))!.status).toBe('cancelled');
    expect(w.steps.next).toBeNull();
    expect([...w.events.byKey.values()]).not.toContainEqual(expect.objectContaining({ type: 'run.status', status: 'running' }));
  });

  it('cancels a run its start took up first, as any running run', async () => {
    const w = world();
    await w.start.execute({ ...w.command });
    await w.cancel.execute(w.command);
    expect((await w.store.find(w.command.runId))!.status).toBe('cancelled');
  });

  it('leaves a run that ended first as it is, and a second cancel changes nothing', async () => {
    const w = world();
    await w.cancel.execute(w.command);
    await expect(w.cancel.execute(w.command)).resolves.toBeUndefined();
    expect((await w.store.find(w.command.runId))!.status).toBe('cancelled');
  });
});
