import path from 'node:path';
import { setTimeout as outage } from 'node:timers/promises';
import { Subjects } from '@cofounder/contracts';
import { FounderApi } from '../support/founder-api';
import { ledgerOf, outageFailures, reservationsOf, runStatusOf } from '../support/outage-probes';
import { answeredTurns, completedHistory, expectBilledOnce } from '../support/billed-once';
import { SseClient, SseMessage } from '../support/sse-client';
import { TestSystem } from '../support/system';
import { waitFor } from '../support/wait-for';

const MAX_DELIVER = 5;
/** What the old delivery limit allowed an outage: five deliveries, 250 ms doubling, 3.75 s of backoff. */
const OLD_BACKOFF_MS = 250 + 500 + 1_000 + 2_000;
const SCENARIO = '[scenario:commands-count-their-runs]';

/** Every tool_result the model was sent last, in order. */
async function lastToolResults(system: TestSystem, runId: string): Promise<string[]> {
  const last = (await answeredTurns(system, runId)).at(-1)!;
  const blocks = last.body.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : []));
  return blocks.filter((b) => b.type === 'tool_result').map((b) => JSON.stringify(b.content));
}

/**
 * The two outages issue 9 left untested: the executor down and NATS itself restarted, each for
 * longer than the old delivery limit's backoff. The run waits, then completes; nothing is done twice.
 */
describe('an executor or NATS outage never fails or strands a run', () => {
  const system = new TestSystem({
    scenarios: [path.join(__dirname, 'outage-scenarios')],
    config: { limits: { maxDeliver: MAX_DELIVER } },
  });
  let api: FounderApi;

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:outages-nats-executor-${Date.now()}`);
  });
  afterAll(() => system.stop());

  const events = (runId: string) => SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events?verbose=true`, { Authorization: `Bearer ${api.token}` });

  /** Nothing doubled: no event twice, each command run and announced once, every response billed once and the ledger equal to what the model reported. */
  async function expectNothingDoubled(runId: string, history: SseMessage[]): Promise<void> {
    expect(history.filter((m) => m.event === 'run.failed')).toEqual([]);
    const started = history.filter((m) => m.event === 'tool.started').map((m) => m.data.toolUseId);
    expect(started).toHaveLength(2);
    expect(new Set(started).size).toBe(2);
    const completed = history.filter((m) => m.event === 'tool.completed');
    expect(completed.map((m) => m.data.ok)).toEqual([true, true]);
    const results = await lastToolResults(system, runId);
    expect(results).toHaveLength(2);
    expect(results[0]).toContain('runs: 1');
    expect(results[1]).toContain('runs: 2');
    expect(results.join('\n')).not.toContain('interrupted');

    expect(await answeredTurns(system, runId)).toHaveLength(3);
    await expectBilledOnce(system, runId, history);
    expect((await api.run(runId)).status).toBe('completed');
  }

  /** The first model call settled, the second (2.5 s) authorized and not yet answered. */
  const secondCallUnderWay = (runId: string) => waitFor(async () => ((await ledgerOf(system, runId)).length === 1
    && (await reservationsOf(system, runId)) === 1 && (await answeredTurns(system, runId)).length === 1 ? true : undefined), 'the second model call', 15_000);

  it('waits for the executor killed between two commands, tells the founder once, and runs each command once when it is back', async () => {
    const runId = await api.startRun(await api.createProject('Executor outage'), `Two notes ${SCENARIO}`);
    const sse = await events(runId);
    await sse.until((m) => m.event === 'tool.completed', 'the first command\'s result');
    await secondCallUnderWay(runId);
    // Its command will find no executor.
    await system.kill('executor');
    const killedAt = Date.now();
    try {
      const waiting = await sse.until((m) => m.event === 'run.status' && m.data.reason === 'Waiting for the sandbox service to come back…',
        'the founder told', 30_000);
      expect(waiting.data.status).toBe('running');
      await waitFor(() => (outageFailures(system, 'orchestrator', Subjects.runStep(runId)) > MAX_DELIVER ? true : undefined),
        `more than ${MAX_DELIVER} failed deliveries of the step`, 60_000);
      expect(await runStatusOf(system, runId)).toBe('running');
    } finally {
      await system.startService('executor');
    }
    const restartedAt = Date.now();
    const first = await sse.until((m) => m.event === 'tool.completed', 'the first command\'s result');
    const second = await sse.until((m) => m.event === 'tool.completed' && m.data.toolUseId !== first.data.toolUseId,
      'the second command\'s result after the executor came back', 30_000);
    const commandAfterMs = Date.now() - restartedAt;
    expect(second.data.ok).toBe(true);
    await sse.until((m) => m.event === 'run.completed', 'run.completed after the executor came back', 60_000);
    console.log(JSON.stringify({ figure: 'executor outage', outageMs: restartedAt - killedAt, commandAfterRestartMs: commandAfterMs,
      completedAfterRestartMs: Date.now() - restartedAt }));
    sse.close();

    const history = await completedHistory(system, api.token, runId);
    expect(history.filter((m) => m.event === 'run.status' && m.data.reason === 'Waiting for the sandbox service to come back…')).toHaveLength(1);
    await expectNothingDoubled(runId, history);
  });

  it('goes on when NATS is restarted mid-run: every service reconnects and the run completes, nothing doubled', async () => {
    const runId = await api.startRun(await api.createProject('NATS restart'), `Two notes ${SCENARIO}`);
    const sse = await events(runId);
    await sse.until((m) => m.event === 'tool.completed', 'the first command\'s result');
    await secondCallUnderWay(runId);
    // Its reply, usage and events will meet a message bus that is gone.
    await system.stopNats();
    const stoppedAt = Date.now();
    try {
      await waitFor(async () => ((await answeredTurns(system, runId)).length === 2 ? true : undefined), 'the second model call answered while NATS is down', 15_000);
      // The outage itself, a few seconds longer than the old delivery limit's backoff: the fault this test injects, not a wait for a result.
      await outage(OLD_BACKOFF_MS + 3_000 - (Date.now() - stoppedAt));
    } finally {
      await system.startNats();
    }
    const restartedAt = Date.now();
    // On the founder's live stream, opened before the outage: the gateway's feed reconnects too.
    await sse.until((m) => m.event === 'run.completed', 'run.completed after NATS came back', 60_000);
    console.log(JSON.stringify({ figure: 'NATS restart', outageMs: restartedAt - stoppedAt, completedAfterRestartMs: Date.now() - restartedAt }));
    sse.close();

    await expectNothingDoubled(runId, await completedHistory(system, api.token, runId));
    // Every service is back on the bus: each answers its health check, NATS included.
    for (const name of ['gateway', 'orchestrator', 'executor', 'billing', 'scheduler'] as const) {
      await waitFor(async () => ((await fetch(`http://127.0.0.1:${system.ports[name]}/health`)).ok ? true : undefined), `${name} healthy again`, 15_000);
    }
  });
});
