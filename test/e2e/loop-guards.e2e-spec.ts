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

  it('asks the founder on the third try at one error, with the three tries, and skips when told', async () => {
    const runId = await api.startRun(await api.createProject(), 'Read my notes [scenario:same-error]');
    const sse = await events(runId);
    const asked = await sse.until((m) => m.event === 'escalation.required', 'the retries escalation');
    expect(asked.data).toMatchObject({ kind: 'retries', options: ['retry', 'skip', 'guide', 'stop'] });
    const attempts = asked.data.attempts as object[];
    expect(attempts).toHaveLength(3);
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
    // Counted from scratch after the restart, the founder would be asked only after five failures.
    expect(failures()).toBe(3);
    expect((await api.call('POST', `/v1/runs/${runId}/escalation`, { action: 'stop' })).status).toBe(202);
    await sse.until((m) => m.event === 'run.status' && m.data.status === 'cancelled', 'cancelled');
  });

  it('nudges a model that repeats itself once, then asks the founder, who stops the run', async () => {
    const runId = await api.startRun(await api.createProject(), 'Look around [scenario:repeat-same-call]');
    const sse = await events(runId);
    const asked = await sse.until((m) => m.event === 'escalation.required', 'the stuck escalation');
    expect(asked.data).toMatchObject({ kind: 'stuck', reason: expect.stringMatching(/same step 4 times and got the same result/) });
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
});
