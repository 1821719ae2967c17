import { FounderApi } from '../support/founder-api';
import { SseClient } from '../support/sse-client';
import { TestSystem } from '../support/system';

describe('the loop guards, through the started services', () => {
  const system = new TestSystem();
  let api: FounderApi;

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:guards-${Date.now()}`);
  });
  afterAll(() => system.stop());

  const events = (runId: string, query = '') => SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events${query}`, { Authorization: `Bearer ${api.token}` });
  const turnsSent = async (runId: string) =>
    (await system.simRequests(runId)).filter((r) => r.kind === 'turn');

  it('nudges on the third try at one error, asks the founder on the fourth with the four tries, and skips when told', async () => {
    const runId = await api.startRun(await api.createProject(), 'Read my notes [scenario:same-error]');
    const sse = await events(runId);
    const asked = await sse.until((m) => m.event === 'escalation.required', 'the retries escalation');
    expect(asked.data).toMatchObject({ kind: 'retries', options: ['retry', 'skip', 'guide', 'stop'] });
    const sent = await turnsSent(runId);
    expect(JSON.stringify(sent[3].body.messages.at(-1))).toContain('has come back 3 times');
    const attempts = asked.data.attempts as object[];
    expect(attempts).toHaveLength(4);
    for (const attempt of attempts) {
      expect(attempt).toEqual({ tool: 'bash', summary: 'Reading notes.txt', error: expect.stringContaining('No such file') });
    }
    expect((await api.call<{ status: string; escalation: { kind: string } }>('GET', `/v1/runs/${runId}`)).body)
      .toMatchObject({ status: 'awaiting_input', escalation: { kind: 'retries' } });

    expect((await api.call('POST', `/v1/runs/${runId}/escalation`, { action: 'skip' })).status).toBe(202);
    await sse.until((m) => m.event === 'run.completed', 'run.completed');
    const last = (await turnsSent(runId)).at(-1)!.body.messages;
    expect(JSON.stringify(last.at(-1))).toContain('skip this step');
  });

  it('keeps counting an error\'s tries across an orchestrator restart', async () => {
    const runId = await api.startRun(await api.createProject(), 'Read my notes [scenario:same-error-slow]');
    // Verbose: each failed call as it ends, not in a digest that waits out its window.
    const sse = await events(runId, '?verbose=true');
    const failures = () => sse.messages.filter((m) => m.event === 'tool.completed' && m.data.ok === false).length;
    await sse.until(() => failures() >= 2, 'the second failure');
    // Killed while the third turn waits on the model: only PostgreSQL remembers the two tries.
    await system.kill('orchestrator');
    await system.startService('orchestrator');
    await sse.until((m) => m.event === 'escalation.required', 'the retries escalation', 60_000);
    // Counted from scratch after the restart, the founder would be asked only after six failures.
    expect(failures()).toBe(4);
    expect((await api.call('POST', `/v1/runs/${runId}/escalation`, { action: 'stop' })).status).toBe(202);
    await sse.until((m) => m.event === 'run.status' && m.data.status === 'cancelled', 'cancelled');
  });

  it('nudges a model that repeats itself once, then asks the founder, who stops the run', async () => {
    const runId = await api.startRun(await api.createProject(), 'Look around [scenario:repeat-same-call]');
    const sse = await events(runId);
    const asked = await sse.until((m) => m.event === 'escalation.required', 'the stuck escalation');
    expect(asked.data).toMatchObject({ kind: 'stuck', reason: expect.stringMatching(/same command 4 times and got the same result/) });
    // Each try says what was done and what it printed, not the exit code its result opens with.
    for (const attempt of asked.data.attempts as object[]) {
      expect(attempt).toEqual({ tool: 'bash', summary: expect.any(String), error: 'No error: Looking around: 0 notes found' });
    }
    const turns = await turnsSent(runId);
    expect(turns).toHaveLength(4);
    // The nudge went to the model with the third result, before the founder was asked.
    expect(JSON.stringify(turns[3].body.messages.at(-1))).toContain('repeating a tool call');
    expect(JSON.stringify(turns[2].body.messages)).not.toContain('repeating a tool call');

    expect((await api.call('POST', `/v1/runs/${runId}/escalation`, { action: 'stop' })).status).toBe(202);
    await sse.until((m) => m.event === 'run.status' && m.data.status === 'cancelled', 'cancelled');
  });

  it('nudges a model switching between two steps, then asks, naming the pattern', async () => {
    const runId = await api.startRun(await api.createProject(), 'Find the notes [scenario:alternate]');
    const sse = await events(runId);
    const asked = await sse.until((m) => m.event === 'escalation.required', 'the alternation escalation');
    expect(asked.data).toMatchObject({ kind: 'stuck', reason: expect.stringMatching(/back and forth between the same two steps/) });
    const turns = await turnsSent(runId);
    expect(turns).toHaveLength(6);
    expect(JSON.stringify(turns[5].body.messages.at(-1))).toContain('repeating a tool call');
    expect((await api.call('POST', `/v1/runs/${runId}/escalation`, { action: 'stop' })).status).toBe(202);
    await sse.until((m) => m.event === 'run.status' && m.data.status === 'cancelled', 'cancelled');
  });

  it('nudges a model that only talks, then asks; a founder\'s guidance starts the guards afresh', async () => {
    const runId = await api.startRun(await api.createProject(), 'Ponder [scenario:monologue]');
    const sse = await events(runId);
    const first = await sse.until((m) => m.event === 'escalation.required', 'the monologue escalation');
    expect(first.data).toMatchObject({ kind: 'stuck', reason: expect.stringMatching(/3 messages in a row/) });
    expect(await turnsSent(runId)).toHaveLength(4);

    expect((await api.call('POST', `/v1/runs/${runId}/escalation`, { action: 'guide', guidance: 'Write the file now.' })).status).toBe(202);
    const second = await sse.until((m) => m.event === 'escalation.required' && m.data.escalationId !== first.data.escalationId, 'asked again');
    expect(second.data.kind).toBe('stuck');
    // Afresh: three more turns of talk and a nudge again, not an escalation on the first one.
    const turns = await turnsSent(runId);
    expect(turns).toHaveLength(8);
    expect(JSON.stringify(turns[4].body.messages)).toContain('Write the file now.');
    expect(JSON.stringify(turns[7].body.messages.at(-1))).toContain('without using a tool');
    sse.close();
  });

  it('nudges the same command failing with a new error each time at the third, and asks at the fourth', async () => {
    const runId = await api.startRun(await api.createProject(), 'Deploy [scenario:same-call-new-errors]');
    const sse = await events(runId);
    const asked = await sse.until((m) => m.event === 'escalation.required', 'the stuck escalation');
    expect(asked.data).toMatchObject({ kind: 'stuck', reason: expect.stringMatching(/same command 4 times and it failed each time/) });
    const turns = await turnsSent(runId);
    expect(turns).toHaveLength(4);
    expect(JSON.stringify(turns[3].body.messages.at(-1))).toContain('failed each time');
    expect((await api.call('POST', `/v1/runs/${runId}/escalation`, { action: 'stop' })).status).toBe(202);
    await sse.until((m) => m.event === 'run.status' && m.data.status === 'cancelled', 'cancelled');
  });

  it('lets a model whose nudge fixed the error go on, without asking the founder', async () => {
    const runId = await api.startRun(await api.createProject(), 'Read my notes [scenario:nudge-fixes-error]');
    const sse = await events(runId);
    await sse.until((m) => m.event === 'run.completed', 'run.completed');
    expect(sse.messages.filter((m) => m.event === 'escalation.required')).toEqual([]);
    const turns = await turnsSent(runId);
    expect(JSON.stringify(turns[3].body.messages.at(-1))).toContain('has come back 3 times');
  });

  it('counts a syntax error that moved after each edit as a new error, and lets the run finish', async () => {
    const runId = await api.startRun(await api.createProject(), 'Fix the app [scenario:syntax-error-moves]');
    const sse = await events(runId, '?verbose=true');
    await sse.until((m) => m.event === 'run.completed', 'run.completed');
    expect(sse.messages.filter((m) => m.event === 'escalation.required')).toEqual([]);
    expect(sse.messages.filter((m) => m.event === 'tool.completed' && m.data.ok === false)).toHaveLength(3);
    const turns = await turnsSent(runId);
    expect(JSON.stringify(turns.map((t) => t.body.messages))).not.toMatch(/come back|several times/);
  });

  it('nudges an empty end_turn once before the run completes', async () => {
    const runId = await api.startRun(await api.createProject(), 'Write notes [scenario:empty-end-turn]');
    const sse = await events(runId);
    const done = await sse.until((m) => m.event === 'run.completed', 'run.completed');
    expect(done.data.summary).toBe('Done: the notes are written.');
    const turns = await turnsSent(runId);
    expect(turns).toHaveLength(2);
    expect(JSON.stringify(turns[1].body.messages.at(-1))).toContain('without a word or a tool call');
  });
});
