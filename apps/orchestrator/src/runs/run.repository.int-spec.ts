import { randomUUID } from 'node:crypto';
import type { ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from '@cofounder/persistence';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import type { ModelReply } from './agent-loop/model-reply';
import { orchestratorSchema } from './orchestrator-schema';
import { RunRepository } from './run.repository';

describe('RunRepository against a real PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let runs: RunRepository;
  const now = new Date('2026-11-24T10:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase('orch');
    dataSource = await new DataSource(dataSourceOptions(db.url, orchestratorSchema)).initialize();
    await migrate(dataSource, 'orchestrator');
    runs = new RunRepository(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const newRun = () => ({
    id: randomUUID(), projectId: randomUUID(), ownerId: 'dev_alice', goal: 'Build it', verbose: false, model: 'cofounder-sim', tier: 'dev',
  });
  const reply = (id: string): ModelReply => ({
    responseId: id,
    content: [{ type: 'tool_use', id: 'toolu_1', name: 'ls', input: {}, caller: { type: 'direct' } } as never],
    stopReason: 'tool_use',
    usage: { inputTokens: 10, outputTokens: 5, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
  });

  it('runs its migrations again as a no-op', async () => {
    await expect(migrate(dataSource, 'orchestrator')).resolves.toEqual([]);
  });

  it('creates a run once, with its goal as the first message', async () => {
    const run = newRun();
    await expect(runs.create(run, now)).resolves.toBe(true);
    await expect(runs.create(run, now)).resolves.toBe(false);
    expect(await runs.find(run.id)).toMatchObject({ status: 'running', turn: 0, toolCalls: 0 });
    expect(await runs.history(run.id)).toEqual([{ seq: 0, turn: 0, role: 'user', content: 'Build it', reply: null, at: now }]);
  });

  it('keeps one reply per turn and moves the checkpoint, even when a step saves it twice', async () => {
    const run = newRun();
    await runs.create(run, now);
    await runs.saveReply(run.id, 1, reply('msg_a'), now);
    await runs.saveReply(run.id, 1, reply('msg_b'), now);
    const history = await runs.history(run.id);
    expect(history).toHaveLength(2);
    expect(history[1].reply?.responseId).toBe('msg_a');
    expect((await runs.find(run.id))?.turn).toBe(1);
  });

  it('counts a turn\'s tool calls once when its results are saved twice', async () => {
    const run = newRun();
    await runs.create(run, now);
    await runs.saveReply(run.id, 1, reply('msg_c'), now);
    const results: ToolResultBlockParam[] = [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a.txt', is_error: false }];
    await runs.saveToolResults(run.id, 1, results, now);
    await runs.saveToolResults(run.id, 1, results, now);
    expect((await runs.find(run.id))?.toolCalls).toBe(1);
    expect(await runs.history(run.id)).toHaveLength(3);
  });

  it('remembers a tool that started but never finished, for the step that resumes it', async () => {
    const run = newRun();
    await runs.create(run, now);
    await runs.markToolStarted(run.id, 1, { id: 'toolu_x', name: 'bash', input: { command: 'sleep 9' } }, now);
    await runs.markToolStarted(run.id, 1, { id: 'toolu_x', name: 'bash', input: { command: 'sleep 9' } }, now);
    expect(await runs.toolExecutions(run.id, 1)).toEqual([{ toolUseId: 'toolu_x', status: 'started', outcome: null }]);
    await runs.saveToolOutcome(run.id, 'toolu_x', { output: 'exit code: 0', isError: false, exitCode: 0, durationMs: 5 }, now);
    expect(await runs.toolExecutions(run.id, 1)).toEqual([
      { toolUseId: 'toolu_x', status: 'completed', outcome: { output: 'exit code: 0', isError: false, exitCode: 0, durationMs: 5 } },
    ]);
  });

  it('appends a note for the model after a turn\'s tool results, once however often it is saved', async () => {
    const run = newRun();
    await runs.create(run, now);
    await runs.saveReply(run.id, 1, reply('msg_n'), now);
    await runs.saveToolResults(run.id, 1, [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a.txt' }], now);
    await runs.appendNote(run.id, 1, 'Step back.', now);
    await runs.appendNote(run.id, 1, 'Step back.', now);
    await runs.appendNote(run.id, 1, 'Guidance from the founder: use pnpm.', now);
    expect((await runs.history(run.id))[2].content).toEqual([
      { type: 'tool_result', tool_use_id: 'toolu_1', content: 'a.txt' },
      { type: 'text', text: 'Step back.' },
      { type: 'text', text: 'Guidance from the founder: use pnpm.' },
    ]);
    // A note with no tool results before it (after a refusal) makes the message.
    await runs.appendNote(run.id, 2, 'Guidance from the founder: write a greeting.', now);
    expect((await runs.history(run.id))[3]).toMatchObject({ seq: 4, role: 'user', content: [{ type: 'text', text: 'Guidance from the founder: write a greeting.' }] });
  });

  it('keeps the tries per error until cleared', async () => {
    const run = newRun();
    await runs.create(run, now);
    const record = (signature: string, count: number) =>
      ({ signature, tool: 'bash', count, toolUseIds: [], inputHashes: ['h'], attempts: [{ summary: 'Running the test suite', error: 'boom' }] });
    await runs.saveErrorRetries(run.id, { save: [record('a', 1), record('b', 1)], clear: [] }, now);
    await runs.saveErrorRetries(run.id, { save: [record('a', 2)], clear: ['b'] }, now);
    expect(await runs.errorRetries(run.id)).toEqual([record('a', 2)]);
  });

  it('takes one answer to a question, with all it changes at once, and starts the guards afresh', async () => {
    const run = newRun();
    await runs.create(run, now);
    await runs.saveReply(run.id, 1, reply('msg_q'), now);
    await runs.saveToolResults(run.id, 1, [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'boom', is_error: true }], now);
    await runs.saveErrorRetries(run.id, { save: [{ signature: 's', tool: 'bash', count: 3, toolUseIds: [], inputHashes: [], attempts: [] }], clear: [] }, now);
    await runs.markNudged(run.id, 1, now);
    const asked = await runs.openEscalation(run.id, 1, { kind: 'retries', reason: 'Stuck.', attempts: [], options: ['retry', 'guide', 'stop'] }, now);
    const answer = { action: 'guide' as const, guidance: 'Use pnpm.', note: 'Guidance from the founder: Use pnpm.', grantToolCalls: 5, status: 'running' as const, reason: null, resumeTurn: 2 };
    await expect(runs.answerEscalation(asked, answer, now)).resolves.toBe(true);
    await expect(runs.answerEscalation(asked, { ...answer, action: 'stop', status: 'cancelled' }, now)).resolves.toBe(false);
    expect(await runs.find(run.id)).toMatchObject({ status: 'running', toolCallAllowance: 5, guardsFromTurn: 1, nudgedTurn: null, resumedTurn: 2 });
    expect(await runs.errorRetries(run.id)).toEqual([]);
    expect(JSON.stringify((await runs.history(run.id))[2].content)).toContain('Use pnpm.');
    expect(await runs.openEscalationOf(run.id)).toBeNull();
    expect(await runs.lastAnsweredEscalation(run.id)).toMatchObject({ id: asked.id, action: 'guide', guidance: 'Use pnpm.' });
  });

  it('saves the context state a compaction leaves', async () => {
    const run = newRun();
    await runs.create(run, now);
    expect(await runs.find(run.id)).toMatchObject({ contextFromSeq: 0, contextNote: null, clearedThrough: 0, tokenRatio: 1, learnedContextWindow: null });
    await runs.saveContextState(run.id, { contextFromSeq: 9, contextNote: 'Progress so far', clearedThrough: 0, tokenRatio: 1.25 }, now);
    expect(await runs.find(run.id)).toMatchObject({ contextFromSeq: 9, contextNote: 'Progress so far', clearedThrough: 0, tokenRatio: 1.25 });
    // The window a refusal stated outlives the process: a restarted orchestrator is not refused again.
    await runs.saveContextState(run.id, { learnedContextWindow: { model: 'cofounder-sim', tokens: 30_000 } }, now);
    expect((await runs.find(run.id))?.learnedContextWindow).toEqual({ model: 'cofounder-sim', tokens: 30_000 });
  });

  describe('sleep and wake', () => {
    const wakeAt = new Date('2026-11-25T09:00:00Z');
    const later = new Date('2026-11-25T09:00:01Z');
    const sandbox = { sandboxId: 'sbx-42', snapshot: { seq: 3, takenAt: '2026-11-24T10:00:00.000Z', bytes: 2048, files: 4 } };
    const aSleepingRun = async () => {
      const run = newRun();
      await runs.create(run, now);
      await expect(runs.putToSleep(run.id, { until: wakeAt, reason: 'Today\'s budget is spent.', sandbox }, now)).resolves.toBe(true);
      return run;
    };

    it('starts a run\'s awake period at its start', async () => {
      const run = newRun();
      await runs.create(run, now);
      expect(await runs.find(run.id)).toMatchObject({ awakeSince: now, sleepingUntil: null });
    });

    it('puts only a running run to sleep, keeping its sandbox and the snapshot its pause took', async () => {
      const run = await aSleepingRun();
      expect(await runs.find(run.id)).toMatchObject({
        status: 'sleeping', sleepingUntil: wakeAt, reason: 'Today\'s budget is spent.', sandboxId: 'sbx-42', snapshot: sandbox.snapshot,
      });
      await expect(runs.putToSleep(run.id, { until: later, reason: 'again', sandbox }, now)).resolves.toBe(false);
      expect((await runs.find(run.id))?.sleepingUntil).toEqual(wakeAt);
    });

    it('wakes only the sleep a wake was set for, once, on the model pinned at the wake', async () => {
      const run = await aSleepingRun();
      const from = (until: Date) => ({ statuses: ['sleeping'] as const, sleepingUntil: until });
      const pin = { model: 'claude-sonnet-4-5', tier: 'builder' };
      await expect(runs.awaken(run.id, from(later), pin, later)).resolves.toBe(false);
      expect((await runs.find(run.id))?.status).toBe('sleeping');
      const [first, second] = await Promise.all([runs.awaken(run.id, from(wakeAt), pin, later), runs.awaken(run.id, from(wakeAt), pin, later)]);
      expect([first, second].filter(Boolean)).toHaveLength(1);
      expect(await runs.find(run.id)).toMatchObject({
        status: 'running', sleepingUntil: null, reason: null, awakeSince: later, model: 'claude-sonnet-4-5', tier: 'builder',
      });
    });

    it('keeps the tries per error across a sleep and a wake', async () => {
      const run = newRun();
      await runs.create(run, now);
      const record = { signature: 'sig', tool: 'bash', count: 2, toolUseIds: ['t1', 't2'], inputHashes: ['h'], attempts: [{ summary: 'Running the test suite', error: 'boom' }] };
      await runs.saveErrorRetries(run.id, { save: [record], clear: [] }, now);
      await runs.putToSleep(run.id, { until: wakeAt, reason: 'Today\'s budget is spent.', sandbox }, now);
      await runs.awaken(run.id, { statuses: ['sleeping'], sleepingUntil: wakeAt }, { model: 'cofounder-sim', tier: 'dev' }, later);
      expect(await runs.errorRetries(run.id)).toEqual([record]);
    });

    it('clears the wake time when the founder pauses a sleeping run, and resumes it in a new awake period', async () => {
      const run = await aSleepingRun();
      await expect(runs.transition(run.id, ['running', 'sleeping'], 'paused', { reason: 'Paused by you.', sleepingUntil: null }, later)).resolves.toBe(true);
      expect(await runs.find(run.id)).toMatchObject({ status: 'paused', sleepingUntil: null });
      await expect(runs.awaken(run.id, { statuses: ['sleeping'], sleepingUntil: wakeAt }, { model: 'cofounder-sim', tier: 'dev' }, later)).resolves.toBe(false);
      await expect(runs.awaken(run.id, { statuses: ['paused', 'sleeping'] }, { model: 'cofounder-sim', tier: 'dev' }, later)).resolves.toBe(true);
      expect(await runs.find(run.id)).toMatchObject({ status: 'running', awakeSince: later });
    });

    it('remembers which limit a budget question came from, and starts a new awake period when the answer says so', async () => {
      const run = newRun();
      await runs.create(run, now);
      const asked = await runs.openEscalation(run.id, 0, { kind: 'budget', reason: 'Cap.', attempts: [], options: ['continue', 'stop'], budgetLimit: 'awake_period' }, now);
      expect(await runs.openEscalationOf(run.id)).toMatchObject({ budgetLimit: 'awake_period' });
      const answer = { action: 'continue' as const, guidance: null, note: null, grantToolCalls: 0, status: 'running' as const, reason: null, resumeTurn: 1, newAwakePeriod: true };
      await runs.answerEscalation(asked, answer, later);
      expect((await runs.find(run.id))?.awakeSince).toEqual(later);
    });
  });
});
