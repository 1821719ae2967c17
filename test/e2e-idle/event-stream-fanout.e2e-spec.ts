import path from 'node:path';
import { FounderApi } from '../support/founder-api';
import { RunEventInjector } from '../support/run-event-injector';
import { SseClient, SseMessage, StalledSseClient } from '../support/sse-client';
import { TestSystem } from '../support/system';
import { waitFor } from '../support/wait-for';

/**
 * The gateway's one feed per run, fanned out: clients joining a busy run hand over from
 * their replay to the live feed with nothing lost or doubled, a client that stops reading is
 * dropped without holding back the others, and a long tool's stream stays alive and says so.
 * The test publishes into a quiet run's subject itself, to pace and size the activity.
 */
describe('the founder\'s event stream, fanned out from one feed per run', () => {
  // The bundled bound (sse.clientBufferEvents, 512): a busy run's 400 events never pass it while a client replays.
  const system = new TestSystem({ scenarios: [path.join(__dirname, '../e2e/stream-scenarios')] });
  let api: FounderApi;
  let injector: RunEventInjector;

  const open = (runId: string, query = '?verbose=1', headers: Record<string, string> = {}) =>
    SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events${query}`, { Authorization: `Bearer ${api.token}`, ...headers });
  const ids = (messages: SseMessage[]) => messages.map((m) => Number(m.id));
  /** The whole run as a fresh client replays it once it has ended. */
  const replayed = async (runId: string, query = '?verbose=1') => {
    const sse = await open(runId, query);
    await sse.ended();
    return sse.messages;
  };
  const metric = async (name: string) => {
    const text = await (await fetch(`http://127.0.0.1:${system.ports.gateway}/metrics`)).text();
    return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  };

  /** A run waiting for its founder (the model refused, so it escalated): nothing but the test's events follow. */
  async function quietRun(name: string): Promise<string> {
    const runId = await api.startRun(await api.createProject(name), 'Wait for me [scenario:refusal]');
    const sse = await open(runId);
    await sse.until((m) => m.event === 'escalation.required', 'the run waiting for its founder');
    sse.close();
    return runId;
  }

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:stream-fanout-${Date.now()}`);
    injector = await RunEventInjector.connect(system.natsUrl);
  });
  afterAll(async () => {
    await injector?.close();
    await system.stop();
  });

  it('hands clients joining a busy run from their replay to the live feed, each event once and in order', async () => {
    const runId = await quietRun('Busy');
    const first = await open(runId);
    const texts = Array.from({ length: 400 }, (_, i) => `Line ${i + 1}.`);
    const publishing = injector.say(runId, texts);
    const joined: { sse: SseClient; after: number }[] = [];
    for (let i = 1; i <= 6; i += 1) {
      await waitFor(() => (injector.published >= i * 50 ? true : undefined), `${i * 50} events published`);
      // Half resume from an event the first client saw, half replay the run from its start.
      const after = i % 2 === 0 ? Number(first.messages.at(-1)!.id) : 0;
      joined.push({ sse: await open(runId, '?verbose=1', after ? { 'Last-Event-ID': String(after) } : {}), after });
    }
    const digests = await open(runId, '');
    expect(await metric('cofounder_gateway_sse_runs_followed')).toBe(1);
    await publishing;
    await injector.complete(runId);
    for (const sse of [first, digests, ...joined.map((j) => j.sse)]) await sse.ended();

    const all = await replayed(runId);
    expect(ids(all)).toEqual([...ids(all)].sort((a, b) => a - b));
    expect(all.filter((m) => m.event === 'agent.message').map((m) => m.data.text)).toEqual(expect.arrayContaining(texts));
    expect(first.messages).toEqual(all);
    for (const { sse, after } of joined) expect(sse.messages).toEqual(all.filter((m) => Number(m.id) > after));
    // The default stream folds the same events into digests: every line told once.
    const told = digests.messages.filter((m) => m.event === 'tools.batched').flatMap((m) => m.data.messages as string[]);
    expect(told.filter((t) => t.startsWith('Line '))).toEqual(texts);
    await waitFor(async () => ((await metric('cofounder_gateway_sse_runs_followed')) === 0 ? true : undefined), 'the run\'s feed closed with its last client');
  });

  it('drops a client that stops reading, past its bound, while the others get every event; it resumes from its last one', async () => {
    const runId = await quietRun('Slow reader');
    const fast = [await open(runId), await open(runId)];
    const stalled = await StalledSseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events?verbose=1`, { Authorization: `Bearer ${api.token}` });
    await waitFor(async () => ((await metric('cofounder_gateway_sse_clients')) === 3 ? true : undefined), 'three clients following');
    const droppedBefore = await metric('cofounder_gateway_sse_clients_dropped_total');
    // Far more than the socket buffers (some 4 MB on loopback) and the bound (512 events) hold: 1,200 events of 16 KB.
    const big = 'x'.repeat(16_000);
    await injector.say(runId, Array.from({ length: 1_200 }, (_, i) => `${i + 1} ${big}`));
    await injector.complete(runId);
    for (const sse of fast) await sse.until((m) => m.event === 'run.completed', 'the end, on a client that reads');
    await waitFor(async () => ((await metric('cofounder_gateway_sse_clients_dropped_total')) === droppedBefore + 1 ? true : undefined), 'the stalled client dropped');

    const all = await replayed(runId);
    for (const sse of fast) expect(ids(sse.messages)).toEqual(ids(all));
    const got = await stalled.drain();
    expect(got.length).toBeLessThan(all.length);
    expect(got).toEqual(all.slice(0, got.length));
    const resumed = await open(runId, '?verbose=1', { 'Last-Event-ID': got.at(-1)!.id! });
    await resumed.ended();
    expect(ids([...got, ...resumed.messages])).toEqual(ids(all));
  });

  it('keeps a 40-second tool\'s default stream alive: a heartbeat at least every 15 s, a progress line at least every 30 s', async () => {
    const runId = await api.startRun(await api.createProject('Long install'), 'Install [scenario:stream-long-install]');
    const [stream, verbose] = await Promise.all([open(runId, ''), open(runId)]);
    await stream.until((m) => m.event === 'run.completed', 'the run\'s end', 120_000);
    await verbose.until((m) => m.event === 'run.completed', 'the run\'s end on the verbose stream');
    const at = (sse: SseClient, m: SseMessage) => sse.arrivals.find((a) => !a.heartbeat && sse.messages[a.index] === m)!.at;
    const started = verbose.messages.find((m) => m.event === 'tool.started')!;
    const completed = verbose.messages.find((m) => m.event === 'tool.completed')!;
    const [from, to] = [at(verbose, started), at(verbose, completed)];
    expect(to - from).toBeGreaterThanOrEqual(40_000);

    const gaps = (times: number[]) => [from, ...times, to].slice(1).map((t, i) => t - [from, ...times][i]);
    const heartbeats = stream.arrivals.filter((a) => a.heartbeat && a.at > from && a.at < to).map((a) => a.at);
    expect(Math.max(...gaps(heartbeats))).toBeLessThanOrEqual(15_000);
    const progress = stream.messages.filter((m) => m.event === 'tool.progress');
    expect(Math.max(...gaps(progress.map((m) => at(stream, m))))).toBeLessThanOrEqual(30_000);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    for (const line of progress) expect(line.data.summary).toMatch(new RegExp(`^${started.data.summary} — \\d+ (s|min) so far$`));
  });
});
