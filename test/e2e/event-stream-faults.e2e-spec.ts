import path from 'node:path';
import { setTimeout as outage } from 'node:timers/promises';
import { FounderApi } from '../support/founder-api';
import { RunEventInjector } from '../support/run-event-injector';
import { SseClient, SseMessage } from '../support/sse-client';
import { TestSystem } from '../support/system';

/** How long NATS is away: what the fault-injection report measured with. */
const OUTAGE_MS = 3_000;
/** "Within seconds" of NATS being back: the old per-client consumers took 41 s. */
const RESUMED_WITHIN_MS = 10_000;

/**
 * NATS restarted under live streams and a run request: a live stream notices its lost
 * consumer within seconds and resumes from its last event, nothing lost or doubled; a run
 * requested meanwhile waits out the reconnect and is accepted, instead of 503 after 10 s.
 */
describe('the founder\'s event stream across a NATS restart', () => {
  const system = new TestSystem({ scenarios: [path.join(__dirname, 'stream-scenarios')] });
  let api: FounderApi;

  const open = (runId: string, query = '?verbose=1') =>
    SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events${query}`, { Authorization: `Bearer ${api.token}` });
  const ids = (messages: SseMessage[]) => messages.map((m) => Number(m.id));

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:stream-faults-${Date.now()}`);
  });
  afterAll(() => system.stop());

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
    const back = Date.now();
    const injector = await RunEventInjector.connect(system.natsUrl);
    try {
      const marker = await injector.say(runId, ['Told right after the restart.']);
      await verbose.until((m) => Number(m.id) === marker[0], 'an event published once NATS was back', RESUMED_WITHIN_MS);
      console.log(JSON.stringify({ figure: 'SSE resumed after NATS restart', ms: Date.now() - back }));
    } finally {
      await injector.close();
    }

    const accepted = await asked;
    expect(accepted.status).toBe(202);
    const second = await open(accepted.body.id);
    await second.until((m) => m.event === 'run.completed', 'the run asked for during the restart, completed', 60_000);

    await verbose.until((m) => m.event === 'run.completed', 'the first run completed', 60_000);
    await Promise.all([verbose.ended(), digests.ended()]);
    const full = await open(runId);
    await full.ended();
    expect(ids(verbose.messages)).toEqual(ids(full.messages));
    expect(verbose.messages).toEqual(full.messages);
    const told = (sse: SseClient) => sse.messages.filter((m) => m.event === 'tools.batched').reduce((n, m) => n + Number(m.data.count), 0);
    expect(told(digests)).toBe(8);
    expect(ids(digests.messages)).toEqual([...new Set(ids(digests.messages))].sort((a, b) => a - b));
  });
});
