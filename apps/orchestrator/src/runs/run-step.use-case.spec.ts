import type { ContentBlock } from '@anthropic-ai/sdk/resources/messages';
import { loadConfig, ManualClock } from '@cofounder/config';
import { BUNDLED_CONFIG } from '../../../../test/support/test-environment';
import {
  CapturedSteps, RecordedWorkspace, IgnoredUsage, InMemoryRunStore, InstantTools, OpenBudget, RecordedEvents, ScriptedModel,
} from '../../test/loop-doubles';
import type { ModelReply } from './agent-loop/model-reply';
import { BudgetGate, ToolOutcome } from './ports';
import { HistoryMessage } from './agent-loop/context/history';
import { assertWellFormed } from './agent-loop/context/history-invariants';
import { estimateTokens } from './agent-loop/context/token-estimate';
import { RunStepUseCase } from './run-step.use-case';
import { assembleLoop } from '../../test/assemble-loop';

const usage = { inputTokens: 10, outputTokens: 5, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };
const toolTurn = (id: string, ...tools: string[]): ModelReply => ({
  responseId: `msg_${id}`,
  content: tools.map((t, i) => ({ type: 'tool_use', id: `toolu_${id}_${i}`, name: t, input: {} }) as unknown as ContentBlock),
  stopReason: 'tool_use',
  usage,
});
const doneTurn: ModelReply = {
  responseId: 'msg_done', content: [{ type: 'text', text: 'Built it.' } as ContentBlock], stopReason: 'end_turn', usage,
};

/** An end_turn with no words and no tool call. */
const emptyTurn: ModelReply = { ...doneTurn, responseId: 'msg_empty', content: [] };

const bashTurn = (id: string, command: string): ModelReply => ({
  responseId: `msg_${id}`,
  content: [{ type: 'tool_use', id: `toolu_${id}`, name: 'bash', input: { command } } as unknown as ContentBlock],
  stopReason: 'tool_use',
  usage,
});
const failingTests: ToolOutcome = {
  output: 'exit code: 1\nstdout:\n\nstderr:\nError: Cannot find module \'./slug\'', isError: true, exitCode: 1, durationMs: 3,
};

function loop(replies: ModelReply[], budget: BudgetGate = new OpenBudget(), toolCallCap = 150, tools = new InstantTools(), contextWindow?: number) {
  const config = loadConfig(BUNDLED_CONFIG);
  if (contextWindow) config.models['cofounder-sim'].contextWindow = contextWindow;
  config.tiers.dev.toolCallCap = toolCallCap;
  const clock = new ManualClock(new Date('2026-11-24T10:00:00Z'));
  const parts = {
    store: new InMemoryRunStore(), model: new ScriptedModel(replies), tools, events: new RecordedEvents(),
    steps: new CapturedSteps(), workspace: new RecordedWorkspace(),
  };
  const usage = new IgnoredUsage();
  const useCase = assembleLoop({ ...parts, usage, budget, config, clock });
  const runId = '7c8f4b7e-2f1c-4d8e-9a55-3b2f5f0c1a10';
  const start = () => parts.store.create({ id: runId, projectId: runId, ownerId: 'dev_a', goal: 'Build it', verbose: false, model: 'cofounder-sim', tier: 'dev' }, clock.now());
  /** Plays turns 1..n as the step queue would, each only if the previous one queued it. */
  const play = async (turns: number) => {
    for (let turn = 1; turn <= turns; turn++) {
      parts.steps.next = null;
      await useCase.execute({ runId, turn });
      if (parts.steps.next !== turn + 1) return turn;
    }
    return turns;
  };
  return { ...parts, useCase, runId, start, clock, play, config };
}

describe('RunStepUseCase (the loop core, no I/O)', () => {
  it('runs the tools of a turn, saves their results and queues the next turn', async () => {
    const l = loop([toolTurn('1', 'ls', 'read')]);
    await l.start();
    await l.useCase.execute({ runId: l.runId, turn: 1 });
    expect(l.tools.calls).toBe(2);
    expect(l.steps.next).toBe(2);
    expect((await l.store.find(l.runId))?.toolCalls).toBe(2);
    // The founder's digests are the gateway's: the turn announces each call, nothing more.
    expect(l.events.types()).toEqual(['tool.started', 'tool.completed', 'tool.started', 'tool.completed']);
  });

  it('completes on end_turn and announces it', async () => {
    const l = loop([doneTurn]);
    await l.start();
    await l.useCase.execute({ runId: l.runId, turn: 1 });
    expect((await l.store.find(l.runId))?.status).toBe('completed');
    expect(l.events.types()).toEqual(['agent.message', 'run.status', 'run.completed']);
  });

  it('redelivered after the reply was saved, acts on the saved reply without calling the model again', async () => {
    const l = loop([toolTurn('1', 'ls')]);
    await l.start();
    await l.useCase.execute({ runId: l.runId, turn: 1 });
    await l.useCase.execute({ runId: l.runId, turn: 1 });
    expect(l.model.calls).toBe(1);
    expect(l.tools.calls).toBe(1);
    expect((await l.store.find(l.runId))?.toolCalls).toBe(1);
  });

  it('waits out the database in place to save a reply it already has, telling the founder once, and never asks the model again', async () => {
    const l = loop([toolTurn('1', 'ls'), doneTurn]);
    await l.start();
    const saveReply = l.store.saveReply.bind(l.store);
    let outage = 3;
    l.store.saveReply = async (...args) => {
      if (outage-- > 0) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      return saveReply(...args);
    };
    await l.useCase.execute({ runId: l.runId, turn: 1 });
    expect(l.model.calls).toBe(1);
    expect(l.steps.next).toBe(2);
    expect([...l.events.byKey.entries()].filter(([key]) => key.includes(':waiting:')))
      .toEqual([['1:waiting:the-database', { type: 'run.status', status: 'running', reason: 'Waiting for the database to come back…' }]]);
  });

  it('asks the executor again, by its toolUseId, for a tool cut off by a crash, and keeps what it answers', async () => {
    const asked: string[] = [];
    const l = loop([toolTurn('1', 'bash')], new OpenBudget(), 150, new InstantTools((call) => {
      asked.push(call.id);
      return { output: 'exit code: 0\nstdout:\nbuilt\nstderr:\n', isError: false, exitCode: 0, durationMs: 4000 };
    }));
    await l.start();
    await l.store.saveReply(l.runId, 1, toolTurn('1', 'bash'), l.clock.now());
    await l.store.markToolStarted(l.runId, 1, { id: 'toolu_1_0', name: 'bash', input: {} }, l.clock.now());
    await l.events.publish(l.runId, 'toolu_1_0:started', { type: 'tool.started', toolUseId: 'toolu_1_0', tool: 'bash', summary: 'before the crash', input: {} });
    await l.useCase.execute({ runId: l.runId, turn: 1 });
    expect(asked).toEqual(['toolu_1_0']);
    const results = (await l.store.history(l.runId)).at(-1)!.content as { content: string; is_error: boolean }[];
    expect(results[0]).toMatchObject({ is_error: false, content: 'exit code: 0\nstdout:\nbuilt\nstderr:\n' });
    // Announced before the crash, announced again under its key (shown once): and now its ending.
    expect(l.events.types()).toEqual(['tool.started', 'tool.completed']);
    expect(l.events.byKey.get('toolu_1_0:started')).toMatchObject({ summary: 'before the crash' });
    expect(l.steps.next).toBe(2);
  });

  it('announces a tool\'s ending that a crash cut off after its outcome was saved, without running the tool again', async () => {
    const l = loop([toolTurn('1', 'bash')]);
    await l.start();
    await l.store.saveReply(l.runId, 1, toolTurn('1', 'bash'), l.clock.now());
    await l.store.markToolStarted(l.runId, 1, { id: 'toolu_1_0', name: 'bash', input: {} }, l.clock.now());
    await l.store.saveToolOutcome(l.runId, 'toolu_1_0', { output: 'exit code: 0', isError: false, exitCode: 0, durationMs: 7 });
    await l.useCase.execute({ runId: l.runId, turn: 1 });
    expect(l.tools.calls).toBe(0);
    expect(l.events.byKey.get('toolu_1_0:completed')).toMatchObject({ type: 'tool.completed', ok: true, exitCode: 0, durationMs: 7 });
    expect(l.steps.next).toBe(2);
  });

  it('asks for a workspace snapshot after a turn that may have changed files, not after one that only looked', async () => {
    const l = loop([toolTurn('1', 'read'), toolTurn('2', 'ls'), toolTurn('3', 'write'), toolTurn('4', 'bash')]);
    await l.start();
    await l.play(4);
    // Turns 3 (write) and 4 (bash); read and ls change nothing.
    expect(l.workspace.snapshots).toEqual([l.runId, l.runId]);
  });

  it('releases the run\'s sandbox when the run ends, and again when the ending step is delivered again', async () => {
    const l = loop([toolTurn('1', 'write'), doneTurn]);
    await l.start();
    await l.play(2);
    expect(l.events.types().at(-1)).toBe('run.completed');
    expect(l.workspace.released).toEqual([l.runId]);
    await l.useCase.execute({ runId: l.runId, turn: 2 });
    expect(l.workspace.released).toEqual([l.runId, l.runId]);
  });

  it('judges a resumed turn against the cap as it stood before that turn was counted', async () => {
    const l = loop([toolTurn('1', 'ls', 'ls')], new OpenBudget(), 2);
    await l.start();
    await l.useCase.execute({ runId: l.runId, turn: 1 });
    l.steps.next = null;
    // The step is redelivered as if the process died before it was acked: the count is already 2 of 2.
    await l.useCase.execute({ runId: l.runId, turn: 1 });
    expect((await l.store.find(l.runId))?.status).toBe('running');
    expect(l.steps.next).toBe(2);
  });

  describe('guards', () => {
    it('nudges on the third failure of one error and asks the founder on the fourth, though each fix tried differs, with the four tries', async () => {
      const l = loop(['npm test', 'npm test -- --verbose', 'node --test', 'npx jest'].map((c, i) => bashTurn(`${i}`, c)), new OpenBudget(), 150,
        new InstantTools(() => failingTests));
      await l.start();
      expect(await l.play(6)).toBe(4);
      const note = JSON.stringify((await l.store.history(l.runId)).find((m) => m.seq === 6)!.content);
      expect(note).toMatch(/The same error has come back 3 times: Error: Cannot find module/);
      expect(await l.store.find(l.runId)).toMatchObject({ status: 'awaiting_input' });
      const asked = await l.store.openEscalationOf(l.runId);
      expect(asked).toMatchObject({ kind: 'retries', turn: 4, options: ['retry', 'skip', 'guide', 'stop'] });
      expect(asked!.attempts).toHaveLength(4);
      expect(asked!.attempts[0]).toEqual({ tool: 'bash', summary: 'Running the test suite', error: expect.stringContaining('Cannot find module') });
      expect(asked!.reason).toMatch(/tried 4 times/);
      // The quoted error ends its sentence, so the question does not run on from it.
      expect(asked!.reason).toMatch(/[.!?] Try again, skip this step, give guidance, or stop the run\?$/);
      // As if the process died after saving the question, before announcing it: the redelivered step announces it.
      l.events.byKey.clear();
      await l.useCase.execute({ runId: l.runId, turn: 4 });
      expect(l.events.types()).toEqual(['run.status', 'escalation.required']);
      expect(l.model.calls).toBe(4);
    });

    it('gives the retry nudge once, and goes on, when its step is redelivered', async () => {
      const l = loop(['npm test', 'npm test -- --verbose', 'node --test'].map((c, i) => bashTurn(`${i}`, c)), new OpenBudget(), 150,
        new InstantTools(() => failingTests));
      await l.start();
      await l.play(3);
      l.steps.next = null;
      await l.useCase.execute({ runId: l.runId, turn: 3 });
      expect(l.steps.next).toBe(4);
      expect(await l.store.openEscalationOf(l.runId)).toBeNull();
      const note = JSON.stringify((await l.store.history(l.runId)).find((m) => m.seq === 6)!.content);
      expect(note.match(/has come back 3 times/g)).toHaveLength(1);
    });

    it('nudges when the same call fails 3 times with a new error each time, then asks at the fourth', async () => {
      let n = 0;
      const l = loop(Array.from({ length: 6 }, (_, i) => bashTurn(`${i}`, 'cat notes.txt')), new OpenBudget(), 150,
        new InstantTools(() => ({ ...failingTests, output: `exit code: 1\nstdout:\n\nstderr:\nfailure number ${++n}` })));
      await l.start();
      expect(await l.play(6)).toBe(4);
      const note = JSON.stringify((await l.store.history(l.runId)).find((m) => m.seq === 6)!.content);
      expect(note).toMatch(/failed each time/);
      expect(await l.store.openEscalationOf(l.runId)).toMatchObject({ kind: 'stuck', turn: 4, reason: expect.stringMatching(/same command 4 times and it failed each time/) });
    });

    it('nudges an empty end_turn once; a second one completes the run', async () => {
      const l = loop([emptyTurn, emptyTurn]);
      await l.start();
      expect(await l.play(3)).toBe(2);
      const history = await l.store.history(l.runId);
      expect(JSON.stringify(history.find((m) => m.seq === 2)!.content)).toMatch(/without a word or a tool call/);
      expect(await l.store.find(l.runId)).toMatchObject({ status: 'completed' });
      // Redelivered, the nudging step nudges no more than once.
      await l.useCase.execute({ runId: l.runId, turn: 1 });
      expect(JSON.stringify((await l.store.history(l.runId)).find((m) => m.seq === 2)!.content).match(/without a word/g)).toHaveLength(1);
    });

    it('goes on after an empty end_turn\'s nudge, and the request never carries the empty answer', async () => {
      const l = loop([emptyTurn, doneTurn]);
      await l.start();
      expect(await l.play(3)).toBe(2);
      expect(await l.store.find(l.runId)).toMatchObject({ status: 'completed' });
      const sent = l.model.requests[1].messages as HistoryMessage[];
      expect(sent.every((m) => typeof m.content === 'string' || m.content.length > 0)).toBe(true);
      expect(assertWellFormed(sent)).toEqual([]);
    });

    it('starts counting an error afresh once the failing call succeeds', async () => {
      let n = 0;
      const l = loop(Array.from({ length: 5 }, (_, i) => bashTurn(`${i}`, 'npm test')), new OpenBudget(), 150,
        new InstantTools(() => (++n === 3
          ? { output: 'exit code: 0\nstdout:\nok\nstderr:\n', isError: false, exitCode: 0, durationMs: 1 }
          // Output that changes from run to run is not the model repeating itself; the error stays the same.
          : { ...failingTests, output: failingTests.output.replace('stdout:\n', `stdout:\nrun ${n}\n`) })));
      await l.start();
      // fail, fail, pass, fail, fail: never three of one error in a row of tries.
      expect(await l.store.errorRetries(l.runId)).toEqual([]);
      await l.play(5);
      expect((await l.store.errorRetries(l.runId))[0].count).toBe(2);
      expect(await l.store.openEscalationOf(l.runId)).toBeNull();
    });

    it('nudges the model once when it repeats itself, then asks the founder', async () => {
      const l = loop(Array.from({ length: 6 }, (_, i) => bashTurn(`${i}`, 'ls -la')));
      await l.start();
      expect(await l.play(6)).toBe(4);
      const history = await l.store.history(l.runId);
      expect(JSON.stringify(history.find((m) => m.seq === 6)!.content)).toMatch(/repeating a tool call/);
      expect(await l.store.openEscalationOf(l.runId)).toMatchObject({ kind: 'stuck', turn: 4, reason: expect.stringMatching(/same command 4 times/) });
    });
  });

  it('ignores the questioning step redelivered after the founder answered, and goes on with the answer\'s own', async () => {
    const l = loop([toolTurn('1', 'ls', 'ls')], new OpenBudget(), 1);
    await l.start();
    await l.useCase.execute({ runId: l.runId, turn: 1 });
    const asked = (await l.store.openEscalationOf(l.runId))!;
    expect(asked.kind).toBe('tool_call_cap');
    await l.store.answerEscalation(asked, {
      action: 'continue', guidance: null, note: null, grantToolCalls: 5, status: 'running', reason: null, resumeTurn: 1,
    });
    await l.useCase.execute({ runId: l.runId, turn: 1 });
    expect(l.tools.calls).toBe(0);
    await l.useCase.execute({ runId: l.runId, turn: 1, resumeKey: asked.id });
    expect(l.tools.calls).toBe(2);
  });

  it('gives a nudge again, not an escalation, when the nudging step is redelivered', async () => {
    const l = loop(Array.from({ length: 3 }, (_, i) => bashTurn(`${i}`, 'ls -la')));
    await l.start();
    await l.play(3);
    expect((await l.store.find(l.runId))?.nudgedTurn).toBe(3);
    l.steps.next = null;
    await l.useCase.execute({ runId: l.runId, turn: 3 });
    expect(l.steps.next).toBe(4);
    expect(await l.store.openEscalationOf(l.runId)).toBeNull();
    const note = JSON.stringify((await l.store.history(l.runId)).find((m) => m.seq === 6)!.content);
    expect(note.match(/repeating a tool call/g)).toHaveLength(1);
  });

  describe('context', () => {
    const WINDOW = 6000;
    const bigOutput = (call: { id: string }): ToolOutcome => ({ output: `exit code: 0\nstdout:\n${call.id} ${'x'.repeat(3000)}\nstderr:\n`, isError: false, exitCode: 0, durationMs: 1 });

    it('clears old results, then compacts near the window, and never sends a request over it or an orphan result', async () => {
      const turns = 80;
      const l = loop(Array.from({ length: turns }, (_, i) => bashTurn(`${i}`, `echo ${i}`)), new OpenBudget(), 150, new InstantTools(bigOutput), WINDOW);
      await l.start();
      expect(await l.play(turns)).toBe(turns);
      const sent = l.model.requests.filter((r) => !r.compaction);
      const compactions = l.model.requests.filter((r) => r.compaction);
      expect(compactions.length).toBeGreaterThan(0);
      for (const request of sent) {
        expect(estimateTokens({ system: request.system, messages: request.messages, tools: request.tools })).toBeLessThan(WINDOW);
        expect(assertWellFormed(request.messages as HistoryMessage[])).toEqual([]);
      }
      expect(JSON.stringify(sent.some((r) => JSON.stringify(r.messages).includes('[cleared to save room')))).toBe('true');
      const last = sent.at(-1)!.messages;
      expect(JSON.stringify(last[0])).toContain('Progress so far');
      expect(JSON.stringify(last[0])).toContain('Build it');
      expect(compactions[0].tools).toBeUndefined();
    });

    it('marks each turn for the prompt cache, for an hour after a long gap, and not at all with caching off', async () => {
      const l = loop([bashTurn('1', 'echo 1'), bashTurn('2', 'echo 2'), bashTurn('3', 'echo 3'), doneTurn]);
      const ttls = () => l.model.requests.map((r) => (Array.isArray(r.system) ? r.system[0].cache_control?.ttl ?? '5m' : 'none'));
      const step = (turn: number) => l.useCase.execute({ runId: l.runId, turn });
      await l.start();
      await step(1);
      await step(2);
      expect(ttls()).toEqual(['5m', '5m']);
      l.clock.advance(10 * 60_000); // a tool ran for ten minutes: a 5-minute entry would be gone by the next call
      await step(3);
      expect(ttls()).toEqual(['5m', '5m', '1h']);
      l.config.caching.enabled = false;
      await step(4);
      expect(ttls()).toEqual(['5m', '5m', '1h', 'none']);
    });

    it('learns the window from a reply that says it was exceeded, and asks once more without summarising an almost empty history', async () => {
      const exceeded: ModelReply = { responseId: 'msg_x', content: [], stopReason: 'model_context_window_exceeded', usage };
      const l = loop([bashTurn('1', 'echo 1'), exceeded, doneTurn], new OpenBudget(), 150, new InstantTools(bigOutput));
      // Cache breakpoints are characters the model counts too: without them its count is exactly 1.5 of ours.
      l.config.caching.enabled = false;
      await l.start();
      await l.play(1);
      // The model counts 1.5 tokens where we estimate 1: its count_tokens teaches the loop before it plans again.
      l.model.tokenScale = 1.5;
      await l.play(2);
      const turn2 = l.model.requests[1];
      expect(l.model.requests.map((r) => (r.compaction ? 'compact' : 'turn'))).toEqual(['turn', 'turn', 'turn']);
      expect(l.model.counts).toBe(1);
      const run = await l.store.find(l.runId);
      expect(run?.tokenRatio).toBeCloseTo(1.5, 1);
      // What it read and wrote before stopping is its window.
      expect(run?.learnedContextWindow).toEqual({ model: 'cofounder-sim', tokens: Math.ceil(estimateTokens(turn2) * 1.5) + usage.outputTokens });
      expect(run?.status).toBe('completed');
    });

    it('is refused at most once when the configuration overstates the window: the refusal states the real one', async () => {
      const turns = 40;
      const l = loop([...Array.from({ length: turns }, (_, i) => bashTurn(`${i}`, `echo ${i}`)), doneTurn], new OpenBudget(), 150, new InstantTools(bigOutput));
      l.model.window = WINDOW; // the configuration says 200,000
      await l.start();
      expect(await l.play(turns + 1)).toBe(turns + 1);
      expect(l.model.refused).toBe(1);
      expect(await l.store.find(l.runId)).toMatchObject({ status: 'completed', learnedContextWindow: { model: 'cofounder-sim', tokens: WINDOW } });
      expect(l.model.requests.filter((r) => estimateTokens(r) > WINDOW)).toHaveLength(1);
    });

    it('fails the run, saying why, when the window is exceeded again after compacting', async () => {
      const exceeded: ModelReply = { responseId: 'msg_x', content: [], stopReason: 'model_context_window_exceeded', usage };
      const l = loop([bashTurn('1', 'echo 1'), exceeded, exceeded], new OpenBudget(), 150, new InstantTools(bigOutput));
      await l.start();
      await l.play(2);
      expect(await l.store.find(l.runId)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/no longer fits/) });
    });
  });
});
