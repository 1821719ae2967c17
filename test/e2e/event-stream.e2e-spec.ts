import { FounderApi } from '../support/founder-api';
import { SseClient, SseMessage } from '../support/sse-client';
import { TestSystem } from '../support/system';

/**
 * One run of 30 file writes in a row, followed live by a default and a verbose stream, then
 * replayed. The simulated model takes 5 s before the 16th write, so the live default stream
 * must flush the digest of the first 15 by its timer, not wait for the next event.
 */
describe('the founder\'s event stream: digests, verbose, and the end', () => {
  const system = new TestSystem();
  let api: FounderApi;
  let runId: string;
  let live: SseClient;
  let verbose: SseClient;
  /** When the live default stream had told the first 15 writes: had the verbose one seen the 16th turn yet? */
  let sixteenthSeenBeforeDigest: boolean;

  const events = (query = '', headers: Record<string, string> = {}) =>
    SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events${query}`, { Authorization: `Bearer ${api.token}`, ...headers });
  const phase = (m: SseMessage) => m.event === 'run.status' || m.event === 'run.completed';
  const digests = (sse: SseClient) => sse.messages.filter((m) => m.event === 'tools.batched');
  const toldWrites = (sse: SseClient) => digests(sse).reduce((n, m) => n + Number(m.data.count), 0);

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:stream-${Date.now()}`);
    runId = await api.startRun(await api.createProject('Pages'), 'Write thirty pages [scenario:thirty-writes]');
    [live, verbose] = await Promise.all([events(), events('?verbose=1')]);
    await live.until(() => toldWrites(live) >= 15, 'a digest with the 15th write', 60_000);
    sixteenthSeenBeforeDigest = verbose.messages.some((m) => m.event === 'agent.message' && m.data.text === 'Writing page 16.');
    await Promise.all([live, verbose].map((sse) => sse.until((m) => m.event === 'run.completed', 'run.completed', 120_000)));
    await Promise.all([live.ended(), verbose.ended()]);
  });
  afterAll(() => system.stop());

  it('tells 30 writes in a row in fewer than 10 events besides the run\'s status and completion', () => {
    const others = live.messages.filter((m) => !phase(m));
    expect(others.length).toBeLessThan(10);
    expect(others.every((m) => m.event === 'tools.batched')).toBe(true);
    const batches = digests(live).map((m) => m.data as unknown as { count: number; tools: { tool: string; ok: boolean }[]; messages: string[] });
    expect(batches.reduce((n, b) => n + b.count, 0)).toBe(30);
    expect(batches.flatMap((b) => b.tools)).toEqual(Array.from({ length: 30 }, () => expect.objectContaining({ tool: 'write', ok: true })));
    expect(batches.flatMap((b) => b.messages)).toEqual([...Array.from({ length: 30 }, (_, i) => `Writing page ${i + 1}.`), 'Wrote all thirty pages.']);
    expect(batches.some((b) => 'budget' in b)).toBe(true);
    const ids = live.messages.map((m) => Number(m.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sends a digest once its window has passed, while the run is quiet, not at the next event', () => {
    expect(sixteenthSeenBeforeDigest).toBe(false);
    expect(digests(live).length).toBeGreaterThan(1);
  });

  it('replays the same digests, ids and payloads, as the live stream sent', async () => {
    const replay = await events();
    await replay.ended();
    expect(replay.messages).toEqual(live.messages);
  });

  it('resumed after a digest, goes on as the full stream did', async () => {
    const cut = live.messages.findIndex((m) => m.event === 'tools.batched');
    const resumed = await events('', { 'Last-Event-ID': live.messages[cut].id! });
    await resumed.ended();
    expect(resumed.messages).toEqual(live.messages.slice(cut + 1));
  });

  it('with ?verbose=1 sends every event as it is, and no digest', () => {
    const count = (type: string) => verbose.messages.filter((m) => m.event === type).length;
    expect(count('tool.started')).toBe(30);
    expect(count('tool.completed')).toBe(30);
    expect(count('agent.message')).toBe(31);
    expect(count('budget.updated')).toBeGreaterThan(0);
    expect(count('tools.batched')).toBe(0);
    // Each digest went out under the sequence of an event the verbose stream shows.
    const verboseIds = new Set(verbose.messages.map((m) => m.id));
    for (const d of digests(live)) expect(verboseIds.has(d.id)).toBe(true);
    expect(verbose.messages.at(-1)).toEqual(live.messages.at(-1));
  });

  it('answers a resume after the terminal event with 204 and no body, so a browser stops reconnecting', async () => {
    const end = live.messages.at(-1)!;
    expect(end.event).toBe('run.completed');
    for (const [query, headers] of [
      ['', { 'Last-Event-ID': end.id! }], [`?after=${end.id}`, {}], [`?verbose=true&after=${Number(end.id) + 5}`, {}],
    ] as const) {
      const resumed = await events(query, headers);
      expect(resumed.status).toBe(204);
      await resumed.ended();
      expect(resumed.messages).toEqual([]);
    }
    const before = await events('', { 'Last-Event-ID': String(Number(end.id) - 1) });
    expect(before.status).toBe(200);
    await before.ended();
    expect(before.messages).toEqual([end]);
  });
});
