import type { ContentBlock } from '@anthropic-ai/sdk/resources/messages';
import { Conflict, NotFound } from '@cofounder/contracts';
import { loadConfig, ManualClock } from '@cofounder/config';
import { BUNDLED_CONFIG } from '../../../../test/support/test-environment';
import {
  CapturedSteps, IgnoredUsage, InMemoryRunStore, InstantTools, OpenBudget, RecordedEvents, RecordedWorkspace, ScriptedModel,
} from '../../test/loop-doubles';
import type { ModelReply } from './agent-loop/model-reply';
import { ModelRequest } from './ports';
import { assembleRun } from '../../test/assemble-loop';

const usage = { inputTokens: 10, outputTokens: 5, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };
const bashTurn: ModelReply = {
  responseId: 'msg_1', content: [{ type: 'tool_use', id: 'toolu_1', name: 'bash', input: { command: 'make' } } as unknown as ContentBlock],
  stopReason: 'tool_use', usage,
};
const doneTurn: ModelReply = { responseId: 'msg_2', content: [{ type: 'text', text: 'Built it.' } as ContentBlock], stopReason: 'end_turn', usage };
const refusal: ModelReply = { responseId: 'msg_3', content: [{ type: 'text', text: 'I cannot.' } as ContentBlock], stopReason: 'refusal', usage };

/** The model as it answers while the founder presses a brake: the brake lands during the call. */
class BrakedModel extends ScriptedModel {
  duringCall: (() => Promise<unknown>) | null = null;
  override async complete(request: ModelRequest): Promise<ModelReply> {
    const reply = await super.complete(request);
    const brake = this.duringCall;
    this.duringCall = null;
    await brake?.();
    return reply;
  }
}

function world(replies: ModelReply[]) {
  const config = loadConfig(BUNDLED_CONFIG);
  const clock = new ManualClock(new Date('2026-12-01T10:00:00Z'));
  const store = new InMemoryRunStore();
  const model = new BrakedModel(replies);
  const events = new RecordedEvents();
  const steps = new CapturedSteps();
  const workspace = new RecordedWorkspace();
  const usageReporter = new IgnoredUsage();
  const budget = new OpenBudget();
  const { step, control } = assembleRun({
    store, model, tools: new InstantTools(), events, steps, workspace, usage: usageReporter, budget, config, clock,
  });
  const runId = '3b0c6a8e-5f2d-4c1e-9a7b-2d4e6f8a0c1e';
  const owner = 'dev_alice';
  const brake = (action: 'pause' | 'resume' | 'cancel', ownerId = owner) => control.execute({ runId, ownerId, action });
  const start = () => store.create({ id: runId, projectId: runId, ownerId: owner, goal: 'Build it', verbose: false, model: 'cofounder-sim', tier: 'dev' }, clock.now());
  return { store, model, events, steps, workspace, budget, step, brake, start, runId, clock };
}

describe('the founder\'s brakes', () => {
  it('pause: the turn in hand finishes, the next step pauses the sandbox and asks nothing of the model', async () => {
    const w = world([bashTurn, doneTurn]);
    await w.start();
    w.model.duringCall = () => w.brake('pause');
    await w.step.execute({ runId: w.runId, turn: 1 });
    expect((await w.store.find(w.runId))!.status).toBe('paused');
    expect(w.events.types()).toContain('tool.completed');
    await w.step.execute({ runId: w.runId, turn: 2 });
    expect(w.workspace.paused).toEqual([w.runId]);
    expect(w.model.calls).toBe(1);

    expect(await w.brake('resume')).toEqual({ status: 'running' });
    expect(w.steps.next).toBe(2);
    await w.step.execute({ runId: w.runId, turn: 2 });
    expect((await w.store.find(w.runId))!.status).toBe('completed');
  });

  it('refuses what the status forbids, and answers another founder as if the run did not exist', async () => {
    const w = world([bashTurn]);
    await w.start();
    await expect(w.brake('resume')).rejects.toThrow(new Conflict('The run is running: only a paused or resting run can be resumed'));
    await expect(w.brake('pause', 'dev_mallory')).rejects.toBeInstanceOf(NotFound);
    await w.brake('pause');
    await expect(w.brake('pause')).rejects.toBeInstanceOf(Conflict);
    expect(await w.brake('cancel')).toEqual({ status: 'cancelled' });
    for (const action of ['pause', 'resume', 'cancel'] as const) await expect(w.brake(action)).rejects.toBeInstanceOf(Conflict);
  });

  it('cancel during a turn that would complete the run: the run stays cancelled, and its sandbox is released', async () => {
    const w = world([doneTurn]);
    await w.start();
    w.model.duringCall = () => w.brake('cancel');
    await w.step.execute({ runId: w.runId, turn: 1 });
    expect((await w.store.find(w.runId))!.status).toBe('cancelled');
    expect(w.events.types()).not.toContain('run.completed');
    // The step the cancel queued.
    await w.step.execute({ runId: w.runId, turn: 2 });
    expect(w.workspace.released).toEqual([w.runId]);
  });

  it('pause during a turn that would ask the founder: the question is withdrawn, and asked afresh after resume if it still stands', async () => {
    const w = world([refusal, refusal]);
    await w.start();
    w.model.duringCall = () => w.brake('pause');
    await w.step.execute({ runId: w.runId, turn: 1 });
    expect((await w.store.find(w.runId))!.status).toBe('paused');
    expect(await w.store.openEscalationOf(w.runId)).toBeNull();
    expect(w.events.types()).not.toContain('escalation.required');
    await w.brake('resume');
    await w.step.execute({ runId: w.runId, turn: 2 });
    expect((await w.store.find(w.runId))!.status).toBe('awaiting_input');
    expect(w.events.types()).toContain('escalation.required');
  });
});

describe('the brakes from every status (202, or 409 where the status forbids it)', () => {
  const STATUSES = ['queued', 'running', 'sleeping', 'awaiting_input', 'paused', 'completed', 'failed', 'cancelled'] as const;
  const ALLOWED: Record<'pause' | 'resume' | 'cancel', readonly string[]> = {
    pause: ['running', 'sleeping'],
    resume: ['paused', 'sleeping'],
    cancel: ['queued', 'running', 'sleeping', 'awaiting_input', 'paused'],
  };
  const cases = STATUSES.flatMap((status) => (['pause', 'resume', 'cancel'] as const).map((action) => [action, status] as const));

  it.each(cases)('%s from %s', async (action, status) => {
    const w = world([doneTurn]);
    await w.start();
    await w.store.setStatus(w.runId, status, { sleepingUntil: status === 'sleeping' ? new Date('2026-12-02T09:00:00Z') : null }, w.clock.now());
    const answer = w.brake(action);
    if (!ALLOWED[action].includes(status)) {
      await expect(answer).rejects.toBeInstanceOf(Conflict);
      expect((await w.store.find(w.runId))!.status).toBe(status);
      return;
    }
    const to = { pause: 'paused', resume: 'running', cancel: 'cancelled' }[action];
    await expect(answer).resolves.toEqual({ status: to });
    // The status changed at once, and no wake timer is left standing on a run that is not asleep.
    expect(await w.store.find(w.runId)).toMatchObject({ status: to, sleepingUntil: null });
    expect(w.events.byKey.size).toBeGreaterThan(0);
    expect(w.steps.next).toBe(1);
  });

  it('cancel of a sleeping run gives back its reservations and ends its sandbox, and asks nothing of the model', async () => {
    const w = world([doneTurn]);
    await w.start();
    await w.store.setStatus(w.runId, 'sleeping', { sleepingUntil: new Date('2026-12-02T09:00:00Z') }, w.clock.now());
    await w.brake('cancel');
    await w.step.execute({ runId: w.runId, turn: w.steps.next! });
    expect(w.budget.released).toEqual([w.runId]);
    expect(w.workspace.released).toEqual([w.runId]);
    expect(w.model.calls).toBe(0);
  });

  it('pause of a sleeping run leaves its sandbox paused, and nothing is spent until the founder resumes it', async () => {
    const w = world([doneTurn]);
    await w.start();
    await w.store.setStatus(w.runId, 'sleeping', { sleepingUntil: new Date('2026-12-02T09:00:00Z') }, w.clock.now());
    await w.brake('pause');
    await w.step.execute({ runId: w.runId, turn: w.steps.next! });
    expect(w.budget.asked).toEqual([]);
    expect(w.model.calls).toBe(0);
    await w.brake('resume');
    await w.step.execute({ runId: w.runId, turn: w.steps.next!, resumeKey: w.steps.nextKey });
    expect((await w.store.find(w.runId))!.status).toBe('completed');
  });
});
