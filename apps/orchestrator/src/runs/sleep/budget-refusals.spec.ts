import type { ContentBlock } from '@anthropic-ai/sdk/resources/messages';
import { Unavailable } from '@cofounder/contracts';
import { bashTurn, doneTurn, moneyWorld, TOMORROW } from '../../../test/money-world';
import type { ModelReply } from '../agent-loop/model-reply';
import { BudgetGate, BudgetDecision } from '../ports';

describe('billing\'s word before every model call', () => {
  it('reserves each call in tokens at the max_tokens it sends, and settles each with its own reservation', async () => {
    const cut: ModelReply = {
      responseId: 'msg_cut', stopReason: 'max_tokens', usage: { inputTokens: 10, outputTokens: 8192, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
      content: [{ type: 'tool_use', id: 'toolu_cut', name: 'write', input: {} } as unknown as ContentBlock],
    };
    const w = moneyWorld([cut, bashTurn('1', 'ls')]);
    w.config.models['cofounder-sim'].maxOutputTokens = 64_000;
    await w.start();
    await w.step.execute({ runId: w.runId, turn: 1 });
    // The cut tool call is asked for again with the model's whole allowance: that worst case is reserved on its own.
    expect(w.budget.asked.map((a) => a.maxOutputTokens)).toEqual([8192, 64_000]);
    expect(w.budget.asked[0]).toMatchObject({ model: 'cofounder-sim', awakeSince: w.clock.now() });
    expect(w.budget.asked[0].estimatedInputTokens).toBeGreaterThan(0);
    expect(w.usage.reports).toEqual([
      { responseId: 'msg_cut', reservationId: expect.stringMatching(/1$/) },
      { responseId: 'msg_1', reservationId: expect.stringMatching(/2$/) },
    ]);
  });

  it('never calls the model while billing does not answer: the step fails, to be retried', async () => {
    class SilentBilling extends BudgetGate {
      async authorize(): Promise<BudgetDecision> {
        throw new Unavailable('billing.authorize did not answer within 10000 ms');
      }
      async release(): Promise<void> {}
      async confirmBudget(): Promise<void> {}
    }
    const w = moneyWorld([doneTurn], { gate: new SilentBilling() });
    await w.start();
    await expect(w.step.execute({ runId: w.runId, turn: 1 })).rejects.toBeInstanceOf(Unavailable);
    expect(w.model.calls).toBe(0);
    expect((await w.find()).status).toBe('running');
  });
});

describe('a refusal never fails the run', () => {
  it('day: the sandbox is snapshotted and paused first, then the run sleeps until the next pacing day, saying so in plain words', async () => {
    const w = moneyWorld([doneTurn]);
    await w.start();
    w.refuseNext('day', { reason: 'Today\'s budget of $0.40 is spent.', retryAt: TOMORROW, forecastMicrodollars: 12_340_000 });
    await w.step.execute({ runId: w.runId, turn: 1 });
    expect(w.model.calls).toBe(0);
    expect(w.workspace.paused).toEqual([w.runId]);
    const run = await w.find();
    expect(run).toMatchObject({ status: 'sleeping', sleepingUntil: TOMORROW });
    expect(run.reason).toBe('Today\'s budget of $0.40 is spent; the agent rests and goes on at 09:00 UTC tomorrow. '
      + 'At this pace, the project will cost $12.34 by the end of the period.');
    expect(w.store.sleeps[0].sandbox).toEqual({ sandboxId: expect.stringMatching(/^sbx-/), snapshot: expect.objectContaining({ seq: 1 }) });
    expect(w.sleepingEvents()).toEqual([
      { type: 'run.status', status: 'sleeping', reason: run.reason, wakeAt: TOMORROW.toISOString(), forecastMicrodollars: 12_340_000 },
    ]);
    expect(w.steps.next).toBeNull();
    expect(w.events.types()).not.toContain('run.failed');
  });

  it('a step delivered again after the sleep was saved announces it again, so the scheduler still sets its timer', async () => {
    const w = moneyWorld([doneTurn]);
    await w.start();
    w.refuseNext('period', { retryAt: TOMORROW });
    await w.step.execute({ runId: w.runId, turn: 1 });
    w.events.byKey.clear(); // as if the process died after saving the sleep, before publishing it
    await w.step.execute({ runId: w.runId, turn: 1 });
    expect(w.sleepingEvents()).toEqual([expect.objectContaining({ wakeAt: TOMORROW.toISOString(), reason: expect.stringMatching(/period's budget is spent; the agent rests/) })]);
    expect(w.model.calls).toBe(0);
  });

  it('a founder\'s pause during the refused step stands: the run does not sleep over it', async () => {
    const w = moneyWorld([doneTurn]);
    await w.start();
    w.refuseNext('day', { retryAt: TOMORROW });
    const pause = w.workspace.pause.bind(w.workspace);
    w.workspace.pause = async (run) => {
      await w.control.execute({ runId: w.runId, ownerId: w.ownerId, action: 'pause' });
      return pause(run);
    };
    await w.step.execute({ runId: w.runId, turn: 1 });
    expect((await w.find()).status).toBe('paused');
    expect(w.sleepingEvents()).toEqual([]);
  });

  it.each([
    ['alert', ['continue', 'stop']],
    ['awake_period', ['continue', 'stop']],
    ['project', ['retry', 'stop']],
    ['plan', ['retry', 'stop']],
  ] as const)('%s: the founder is asked (budget) with %j', async (limit, options) => {
    const w = moneyWorld([doneTurn]);
    await w.start();
    w.refuseNext(limit, { reason: 'Billing says no.' });
    await w.step.execute({ runId: w.runId, turn: 1 });
    expect((await w.find()).status).toBe('awaiting_input');
    expect(await w.store.openEscalationOf(w.runId)).toMatchObject({ kind: 'budget', turn: 0, budgetLimit: limit, options, reason: expect.stringMatching(/^Billing says no\. /) });
    expect(w.workspace.paused).toEqual([]);
    expect(w.model.calls).toBe(0);
  });

  it('a day refusal with no time to wake at asks the founder instead of sleeping for ever', async () => {
    const w = moneyWorld([doneTurn]);
    await w.start();
    w.refuseNext('day');
    await w.step.execute({ runId: w.runId, turn: 1 });
    expect(await w.store.openEscalationOf(w.runId)).toMatchObject({ kind: 'budget', options: ['retry', 'stop'] });
  });
});

describe('the founder\'s answer to a budget question', () => {
  const ask = async (limit: 'alert' | 'awake_period' | 'project') => {
    const w = moneyWorld([doneTurn]);
    await w.start();
    w.refuseNext(limit);
    await w.step.execute({ runId: w.runId, turn: 1 });
    const asked = (await w.store.openEscalationOf(w.runId))!;
    return { w, asked };
  };

  it('continue at 80% confirms the budget with billing, then takes the refused turn up again', async () => {
    const { w } = await ask('alert');
    await w.answer.execute({ runId: w.runId, ownerId: w.ownerId, action: 'continue' });
    expect(w.budget.confirmed).toEqual([w.ownerId]);
    expect(w.steps.next).toBe(1);
    await w.takeQueued();
    expect((await w.find()).status).toBe('completed');
    // No tool calls are granted: the cap's continue is not the budget's.
    expect((await w.find()).toolCallAllowance).toBe(0);
  });

  it('continue past the awake-period cap starts a new awake period, which billing is told of', async () => {
    const { w } = await ask('awake_period');
    w.clock.advance(60_000);
    await w.answer.execute({ runId: w.runId, ownerId: w.ownerId, action: 'continue' });
    expect(w.budget.confirmed).toEqual([]);
    await w.takeQueued();
    expect(w.budget.asked.at(-1)!.awakeSince).toEqual(w.clock.now());
  });

  it('retry after a project refusal asks billing again, and nothing is told to the model', async () => {
    const { w } = await ask('project');
    await w.answer.execute({ runId: w.runId, ownerId: w.ownerId, action: 'retry' });
    await w.takeQueued();
    expect(w.budget.asked).toHaveLength(2);
    expect(JSON.stringify(w.model.requests[0].messages)).not.toContain('try again');
  });
});
