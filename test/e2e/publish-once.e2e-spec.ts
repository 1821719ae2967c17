import { NatsConnectionHolder } from '@cofounder/messaging';
import { outlastDuplicateWindow, storedEvents } from '../support/events-stream';
import { FounderApi } from '../support/founder-api';
import { natsOf } from '../support/outage-probes';
import { SseClient } from '../support/sse-client';
import { TestSystem } from '../support/system';

/** EVENTS forgets a message id after this long here (10 minutes in production): an outage can outlast it in a test. */
const DUPLICATE_WINDOW_MS = 1_000;

describe('an event is published once, whatever the outage', () => {
  const system = new TestSystem({ config: { limits: { eventsDuplicateWindowMs: DUPLICATE_WINDOW_MS } } });
  let api: FounderApi;
  let nats: NatsConnectionHolder;

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:once-${Date.now()}`);
    ({ nats } = await natsOf(system));
  });
  afterAll(async () => {
    await nats?.onApplicationShutdown();
    await system.stop();
  });

  it('an orchestrator down longer than the duplicate window mid-turn: the replayed turn shows its agent.message once', async () => {
    const runId = await api.startRun(await api.createProject('Once'), 'Do something slow [scenario:long-tool]');
    const sse = await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events?verbose=true`, { Authorization: `Bearer ${api.token}` });
    const message = await sse.until((m) => m.event === 'agent.message', 'the first turn\'s message');
    // Its tool is running: the turn's checkpoint is not complete, so the redelivered step replays the turn.
    await sse.until((m) => m.event === 'tool.started', 'the slow tool to start');
    await system.kill('orchestrator');
    await outlastDuplicateWindow(nats);
    await system.startService('orchestrator');

    await sse.until((m) => m.event === 'run.completed', 'run.completed after the restart', 90_000);
    sse.close();

    const events = await storedEvents(nats, runId);
    const messages = events.filter((e) => e.data.type === 'agent.message').map((e) => e.data.text);
    expect(messages.filter((text) => text === message.data.text)).toHaveLength(1);
    expect(messages).toHaveLength(3);
    // The whole run: no message id twice, and no event twice (ignoring when it was published).
    const ids = events.map((e) => e.msgId);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const contents = events.map((e) => JSON.stringify({ ...e.data, at: undefined }));
    expect(new Set(contents).size).toBe(contents.length);
  });
});
