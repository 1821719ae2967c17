import { InstantTools } from '../../../test/loop-doubles';
import { bashTurn, doneTurn, failingTests, moneyWorld, NOW, TOMORROW } from '../../../test/money-world';

const wakeAt = TOMORROW.toISOString();

/** A run put to sleep at its first turn by today's allowance, and the clock moved to its wake time. */
async function restingRun(replies = [doneTurn]) {
  const w = moneyWorld(replies);
  await w.start();
  w.refuseNext('day', { retryAt: TOMORROW });
  await w.step.execute({ runId: w.runId, turn: 1 });
  w.clock.advance(TOMORROW.getTime() - NOW.getTime());
  return w;
}

describe('waking a sleeping run (run.cmd.wake)', () => {
  it('wakes on the founder\'s current tier, resumes the sandbox, and takes the refused turn up again', async () => {
    const w = await restingRun();
    w.plans.plan = { model: 'claude-sonnet-4-5', tier: 'builder' }; // the founder upgraded while the run slept
    await w.wake.execute({ runId: w.runId, wakeAt });
    expect(await w.find()).toMatchObject({
      status: 'running', model: 'claude-sonnet-4-5', tier: 'builder', sleepingUntil: null, reason: null, awakeSince: TOMORROW,
    });
    expect(w.workspace.resumed).toEqual([w.runId]);
    // The founder's view learns the newly pinned model from this event.
    expect([...w.events.byKey.values()].at(-1)).toEqual({ type: 'run.status', status: 'running', model: 'claude-sonnet-4-5' });
    expect(w.steps).toMatchObject({ next: 1, nextKey: `wake-${TOMORROW.getTime()}` });
    await w.takeQueued();
    expect(w.model.requests[0].model).toBe('claude-sonnet-4-5');
    expect(w.budget.asked.at(-1)).toMatchObject({ model: 'claude-sonnet-4-5', awakeSince: TOMORROW });
    expect((await w.find()).status).toBe('completed');
  });

  it('drops a wake for another sleep than the one the run is in', async () => {
    const w = await restingRun();
    await w.wake.execute({ runId: w.runId, wakeAt: new Date(TOMORROW.getTime() - 86_400_000).toISOString() });
    expect(await w.find()).toMatchObject({ status: 'sleeping', sleepingUntil: TOMORROW });
    expect(w.steps.next).toBeNull();
    expect(w.workspace.resumed).toEqual([]);
  });

  it('wakes once when the wake is delivered twice', async () => {
    const w = await restingRun();
    await w.wake.execute({ runId: w.runId, wakeAt });
    w.steps.next = null;
    w.clock.advance(1000);
    await w.wake.execute({ runId: w.runId, wakeAt });
    expect(w.steps.next).toBeNull();
    expect((await w.find()).awakeSince).toEqual(TOMORROW);
    expect([...w.events.byKey.values()].filter((e) => e.type === 'run.status' && e.status === 'running')).toHaveLength(1);
  });

  it('a run the founder paused while it slept stays paused when its timer fires', async () => {
    const w = await restingRun();
    await w.control.execute({ runId: w.runId, ownerId: w.ownerId, action: 'pause' });
    await w.wake.execute({ runId: w.runId, wakeAt });
    expect(await w.find()).toMatchObject({ status: 'paused', sleepingUntil: null });
  });

  it('keeps the model pinned for the whole awake period: a tier change shows only after the next sleep', async () => {
    const w = moneyWorld([bashTurn('1', 'ls'), bashTurn('2', 'ls -a'), doneTurn]);
    await w.start();
    await w.step.execute({ runId: w.runId, turn: 1 });
    w.plans.plan = { model: 'claude-sonnet-4-5', tier: 'builder' };
    await w.takeQueued();
    expect(w.model.requests.map((r) => r.model)).toEqual(['cofounder-sim', 'cofounder-sim']);
    w.refuseNext('day', { retryAt: TOMORROW });
    await w.takeQueued();
    expect((await w.find()).status).toBe('sleeping');
    w.clock.advance(TOMORROW.getTime() - NOW.getTime());
    await w.wake.execute({ runId: w.runId, wakeAt });
    await w.takeQueued();
    expect(w.model.requests.map((r) => r.model)).toEqual(['cofounder-sim', 'cofounder-sim', 'claude-sonnet-4-5']);
  });

  it('counts the tries per error across a sleep: the fourth failure, after waking, asks the founder', async () => {
    const w = moneyWorld(['npm test', 'npm test -- --verbose', 'node --test', 'npx jest'].map((c, i) => bashTurn(`${i}`, c)),
      { tools: new InstantTools(() => failingTests) });
    await w.start();
    await w.step.execute({ runId: w.runId, turn: 1 });
    await w.takeQueued();
    expect((await w.store.errorRetries(w.runId))[0].count).toBe(2);
    w.refuseNext('day', { retryAt: TOMORROW });
    await w.takeQueued();
    expect((await w.find()).status).toBe('sleeping');
    w.clock.advance(TOMORROW.getTime() - NOW.getTime());
    await w.wake.execute({ runId: w.runId, wakeAt });
    await w.takeQueued();
    expect((await w.store.errorRetries(w.runId))[0].count).toBe(3);
    await w.takeQueued();
    expect(await w.store.openEscalationOf(w.runId)).toMatchObject({ kind: 'retries', turn: 4, reason: expect.stringMatching(/tried 4 times/) });
  });
});

describe('the founder resumes a sleeping run', () => {
  it('wakes it now; its next step asks billing again and sleeps again while today\'s allowance is still spent', async () => {
    const w = moneyWorld([doneTurn]);
    await w.start();
    w.refuseNext('day', { retryAt: TOMORROW });
    await w.step.execute({ runId: w.runId, turn: 1 });
    w.clock.advance(60_000);
    expect(await w.control.execute({ runId: w.runId, ownerId: w.ownerId, action: 'resume' })).toEqual({ status: 'running' });
    expect(await w.find()).toMatchObject({ status: 'running', sleepingUntil: null, awakeSince: w.clock.now() });
    w.refuseNext('day', { retryAt: TOMORROW });
    await w.takeQueued();
    expect(await w.find()).toMatchObject({ status: 'sleeping', sleepingUntil: TOMORROW });
    // Each sleep is announced: the scheduler sets its timer again.
    expect(w.sleepingEvents()).toHaveLength(2);
    expect(w.model.calls).toBe(0);
    // The timer of that sleep still wakes it.
    w.clock.advance(TOMORROW.getTime() - w.clock.now().getTime());
    await w.wake.execute({ runId: w.runId, wakeAt });
    await w.takeQueued();
    expect((await w.find()).status).toBe('completed');
  });
});
