import path from 'node:path';
import { setTimeout as outage } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Streams, Subjects } from '@cofounder/contracts';
import { FounderApi } from '../support/founder-api';
import { RunEventInjector } from '../support/run-event-injector';
import { SseClient, SseMessage } from '../support/sse-client';
import { TestSystem } from '../support/system';

/**
 * How long NATS is away: the report's 3 s restart, made long enough that a publish sent
 * while it is down and then sent again once on a time-out (5 s each) finds it down both times.
 */
const OUTAGE_MS = 6_000;
/** "Within seconds" of NATS being back, or of the consumer being lost: the old per-client consumers took 30 to 41 s. */
const RESUMED_WITHIN_MS = 10_000;

/**
 * A live stream notices a lost consumer within seconds and resumes from its last event,
 * nothing lost or doubled: after NATS restarts, and when its consumer is deleted under it. A
 * run requested during the restart waits out the reconnect and is accepted, instead of 503.
 */
describe('the founder\'s event stream when NATS loses its consumers', () => {
  const system = new TestSystem({ scenarios: [path.join(__dirname, 'stream-scenarios')] });
  let api: FounderApi;

  const open = (runId: string, query = '?verbose=1') =>
    SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events${query}`, { Authorization: `Bearer ${api.token}` });
  const ids = (messages: SseMessage[]) => messages.map((m) => Number(m.id));

  /** Publishes an event into the run and waits for the live stream to tell it. */
  async function toldPromptly(sse: SseClient, runId: string, what: string): Promise<void> {
    const injector = await RunEventInjector.connect(system.natsUrl);
    try {
      const since = Date.now();
      const [seq] = await injector.say(runId, [what]);
      await sse.until((m) => Number(m.id) === seq, what, RESUMED_WITHIN_MS);
      console.log(JSON.stringify({ figure: what, ms: Date.now() - since }));
    } finally {
      await injector.close();
    }
  }

  /** The live stream, once the run has ended, is the run as a replay tells it: nothing lost, nothing twice. */
  async function expectWhole(runId: string, verbose: SseClient, digests: SseClient): Promise<void> {
    await verbose.until((m) => m.event === 'run.completed', 'the run completed', 60_000);
    await Promise.all([verbose.ended(), digests.ended()]);
    const full = await open(runId);
    await full.ended();
    expect(verbose.messages).toEqual(full.messages);
    const told = digests.messages.filter((m) => m.event === 'tools.batched').reduce((n, m) => n + Number(m.data.count), 0);
    expect(told).toBe(8);
    expect(ids(digests.messages)).toEqual([...new Set(ids(digests.messages))].sort((a, b) => a - b));
  }

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:stream-faults-${Date.now()}`);
  });
  afterAll(() => system.stop());

  it('resumes live streams within seconds when their consumer is deleted under them', async () => {
    const runId = await api.startRun(await api.createProject('Lost consumer'), 'Eight steps [scenario:stream-steady-steps]');
    const [verbose, digests] = await Promise.all([open(runId), open(runId, '')]);
    await verbose.until((m) => m.event === 'tool.completed', 'the first step\'s result');
    const nc = await connect({ servers: system.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      const feeds = (await jsm.consumers.list(Streams.EVENTS).next()).filter((c) => c.config.filter_subject === Subjects.runEvents(runId));
      expect(feeds.length).toBeGreaterThan(0);
      for (const feed of feeds) await jsm.consumers.delete(Streams.EVENTS, feed.name);
    } finally {
      await nc.close();
    }
    await toldPromptly(verbose, runId, 'Told after the consumer was deleted.');
    await expectWhole(runId, verbose, digests);
  });

  it('resumes live streams within seconds of NATS coming back, from their last event, and accepts a run asked for meanwhile', async () => {
    const projectId = await api.createProject('Restart');
    const runId = await api.startRun(projectId, 'Eight steps [scenario:stream-steady-steps]');
    const [verbose, digests] = await Promise.all([open(runId), open(runId, '')]);
    await verbose.until((m) => m.event === 'tool.completed', 'the first step\'s result');

    await system.stopNats();
    const asked = api.call<{ id: string; status: string }>('POST', `/v1/projects/${projectId}/runs`, { goal: 'Asked during the restart [scenario:quick]' });
    try {
      await outage(OUTAGE_MS); // the fault injected, not a wait for a result
    } finally {
      await system.startNats();
    }
    await toldPromptly(verbose, runId, 'Told right after the restart.');

    const accepted = await asked;
    expect(accepted.status).toBe(202);
    const second = await open(accepted.body.id);
    await second.until((m) => m.event === 'run.completed', 'the run asked for during the restart, completed', 60_000);
    await expectWhole(runId, verbose, digests);
  });
});
