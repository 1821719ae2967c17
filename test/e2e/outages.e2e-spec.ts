import path from 'node:path';
import { Streams, Subjects } from '@cofounder/contracts';
import { NatsConnectionHolder } from '@cofounder/messaging';
import { FounderApi } from '../support/founder-api';
import { ledgerOf, natsOf, outageFailures, reservationsOf, runStatusOf, stepLeaseHolder } from '../support/outage-probes';
import { answeredTurns, completedHistory, expectBilledOnce } from '../support/billed-once';
import { SseClient, SseMessage } from '../support/sse-client';
import { TestSystem } from '../support/system';
import { waitFor } from '../support/wait-for';

const MAX_DELIVER = 5;
const LEASE_MS = 4_000;

/**
 * Each outage outlasts what the delivery limit used to allow (five deliveries, 3.8 s of backoff):
 * the test holds it until the step has failed on it more times than limits.maxDeliver.
 */
describe('an outage never fails or strands a run, and no usage is lost', () => {
  const system = new TestSystem({
    databaseProxy: true,
    scenarios: [path.join(__dirname, 'outage-scenarios')],
    config: { limits: { maxDeliver: MAX_DELIVER }, time: { leaseMs: LEASE_MS } },
  });
  let api: FounderApi;
  let nats: NatsConnectionHolder;
  let reap: () => Promise<string[]>;

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:outages-${Date.now()}`);
    ({ nats, reap } = await natsOf(system));
  });
  afterAll(async () => {
    await nats?.onApplicationShutdown();
    await system.stop();
  });

  const events = (runId: string) => SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events?verbose=true`, { Authorization: `Bearer ${api.token}` });

  it('waits out PostgreSQL unreachable during a model call, then completes', async () => {
    const runId = await api.startRun(await api.createProject('Database outage'), 'Two commands [scenario:slow-turns]');
    const sse = await events(runId);
    // The second model call is under way (the first billed, the second reserved, its answer 2.5 s off): the
    // database goes away, so the answer arrives with nowhere to save the reply or bill its usage (a dropped
    // usage record, and a reply lost and asked for again, were found here).
    await waitFor(async () => ((await ledgerOf(system, runId)).length === 1 && (await reservationsOf(system, runId)) === 1 ? true : undefined),
      'the second model call under way', 30_000);
    await system.cutDatabase();
    const cutAt = Date.now();
    try {
      await waitFor(async () => ((await answeredTurns(system, runId)).length === 2 ? true : undefined), 'the second call answered during the outage', 30_000);
      await waitFor(() => (outageFailures(system, 'billing', 'usage.') > MAX_DELIVER ? true : undefined),
        `more than ${MAX_DELIVER} failed deliveries of the usage record`, 60_000);
      await sse.until((m) => m.event === 'run.status' && m.data.reason === 'Waiting for the database to come back…', 'the founder told', 30_000);
    } finally {
      await system.restoreDatabase();
    }
    const restoredAt = Date.now();
    await sse.until((m) => m.event === 'run.completed', 'run.completed after the database came back', 60_000);
    console.log(JSON.stringify({ figure: 'database outage', outageMs: restoredAt - cutAt, completedAfterRestoreMs: Date.now() - restoredAt }));
    sse.close();

    const history = await completedHistory(system, api.token, runId);
    expect(history.filter((m) => m.event === 'run.status' && m.data.reason === 'Waiting for the database to come back…')).toHaveLength(1);
    expect(history.some((m) => m.event === 'run.failed')).toBe(false);
    expect((await api.run(runId)).status).toBe('completed');
    // The reply that arrived during the outage was kept and acted on (a lost one is asked for again, and the
    // simulator's next answer, "Done", would skip the second command): both commands ran, on three calls.
    expect(history.filter((m) => m.event === 'tool.completed')).toHaveLength(2);
    expect(await answeredTurns(system, runId)).toHaveLength(3);
    await expectBilledOnce(system, runId, history);
  });

  it('waits for billing killed mid-run without calling the model, and goes on when it returns', async () => {
    const runId = await api.startRun(await api.createProject('Billing outage'), 'Two commands [scenario:slow-turns]');
    const sse = await events(runId);
    await sse.until((m) => m.event === 'tool.started', 'the first command to start');
    await system.kill('billing');
    const killedAt = Date.now();
    try {
      const waiting = await sse.until((m) => m.event === 'run.status' && m.data.reason === 'Waiting for billing to come back…', 'the founder told', 30_000);
      expect(waiting.data.status).toBe('running');
      await waitFor(() => (outageFailures(system, 'orchestrator', Subjects.runStep(runId)) > MAX_DELIVER ? true : undefined),
        `more than ${MAX_DELIVER} failed deliveries of the step`, 60_000);
      // Fail closed: no model call was made without billing's word.
      expect(await answeredTurns(system, runId)).toHaveLength(1);
      expect(await runStatusOf(system, runId)).toBe('running');
    } finally {
      await system.startService('billing');
    }
    const restartedAt = Date.now();
    await sse.until((m) => m.event === 'run.completed', 'run.completed after billing came back', 60_000);
    console.log(JSON.stringify({ figure: 'billing outage', outageMs: restartedAt - killedAt, completedAfterRestartMs: Date.now() - restartedAt }));
    sse.close();
    await expectBilledOnce(system, runId, await completedHistory(system, api.token, runId));
  });

  it('resumes a run whose orchestrator is killed five times during one model call', async () => {
    const runId = await api.startRun(await api.createProject('Killed five times'), 'Think hard [scenario:slow-answer]');
    const recoveries: number[] = [];
    let killedAt = 0;
    for (let kill = 1; kill <= 5; kill += 1) {
      // Billing reserved for call `kill` (a killed call never settles its reservation): the step's delivery is in the model's 3 s call when the process dies.
      await waitFor(async () => ((await reservationsOf(system, runId)) === kill ? true : undefined), `model call ${kill}`, 60_000);
      if (kill > 1) recoveries.push(Date.now() - killedAt);
      killedAt = Date.now();
      await system.kill('orchestrator');
      await system.startService('orchestrator');
    }
    const sse = await events(runId);
    await sse.until((m) => m.event === 'run.completed', 'run.completed after the sixth delivery', 90_000);
    sse.close();
    console.log(JSON.stringify({ figure: 'orchestrator killed mid-call: from the kill to the model called again', ms: recoveries }));
    expect(sse.messages.filter((m) => m.event === 'agent.message')).toHaveLength(1);
  });

  it('gives a run whose step was lost its step again through the reaper, and completes it', async () => {
    const runId = await api.startRun(await api.createProject('Lost step'), 'Think hard [scenario:slow-answer]');
    const killed = await waitFor(async () => (await stepLeaseHolder(system, runId)) ?? undefined, 'the step to be taken', 60_000);
    await system.kill('orchestrator');
    // The step is gone from the work queue, as one JetStream gave up on, or a publish that never arrived.
    await nats.jsm.streams.purge(Streams.RUNS, { filter: Subjects.runStep(runId) });
    await system.startService('orchestrator');
    const restartedAt = Date.now();

    // The scheduler's tick may reap it first: either way the run is given its step.
    const reaped = await waitFor(async () => ((await reap()).includes(runId) || ![null, killed].includes(await stepLeaseHolder(system, runId))
      ? Date.now() : undefined), 'the reaper to give the run its step', 60_000);
    const sse = await events(runId);
    await sse.until((m) => m.event === 'run.completed', 'run.completed after the reap', 60_000);
    sse.close();
    console.log(JSON.stringify({ figure: 'reaped after restart', ms: reaped - restartedAt }));
    // Once per stale period: asked again at once, the reaper leaves it alone.
    expect(await reap()).not.toContain(runId);
  });
});
