import 'reflect-metadata';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Subjects } from '@cofounder/contracts';
import { FounderApi } from '../test/support/founder-api';
import { SseClient } from '../test/support/sse-client';
import { TestSystem } from '../test/support/system';
import { waitFor } from '../test/support/wait-for';
import { Figure } from './figure';
import { summarize } from './stats';

const CLIENTS = Number(process.env.BENCH_SSE_CLIENTS ?? 5000);
/** Runs the clients are spread over in the founders-watching-their-own-runs case (each run has CLIENTS / RUNS). */
const RUNS = Number(process.env.BENCH_SSE_RUNS ?? 100);
const EVENTS = Number(process.env.BENCH_SSE_EVENTS ?? 100);
/** Between two events: time for one to reach every client, so each is measured alone. */
const BETWEEN_EVENTS_MS = 20;
const CONNECTING_AT_ONCE = 200;

/** A metric of the gateway's own /metrics, by name (the first sample). */
async function gatewayMetric(system: TestSystem, name: RegExp): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${system.ports.gateway}/metrics`)).text();
  const line = text.split('\n').find((l) => name.test(l.split(/[ {]/)[0]));
  return Number(line?.split(' ').at(-1) ?? NaN);
}
const residentBytes = (system: TestSystem) => gatewayMetric(system, /resident_memory_bytes$/);
const clientsFollowing = (system: TestSystem) => gatewayMetric(system, /^cofounder_gateway_sse_clients$/);
/** Seconds the gateway spent writing events to their clients, and how many events: its own share of the latency. */
const fanOutSpent = async (system: TestSystem) => ({
  seconds: await gatewayMetric(system, /^cofounder_gateway_sse_fanout_seconds_sum$/),
  events: await gatewayMetric(system, /^cofounder_gateway_sse_fanout_seconds_count$/),
});

/** A run that waits for its founder: only the events this bench publishes follow. Returns it and its last event id. */
async function quietRun(api: FounderApi, system: TestSystem): Promise<{ runId: string; lastId: string }> {
  const runId = await api.startRun(await api.createProject('sse bench'), 'bench [scenario:refusal]');
  const sse = await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events?verbose=1`, { Authorization: `Bearer ${api.token}` });
  const waiting = await sse.until((m) => m.event === 'escalation.required', 'the bench run waiting', 60_000);
  sse.close();
  return { runId, lastId: waiting.id! };
}

/** One SSE client on a raw keep-alive socket: notes when each bench event arrives, and nothing else. */
function openClient(url: string, token: string, agent: http.Agent, arrived: (event: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`SSE answered ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
          const found = /"text":"bench (\d+)"/.exec(buffer.slice(0, cut));
          if (found) arrived(Number(found[1]));
          buffer = buffer.slice(cut + 2);
        }
      });
      resolve();
    });
    req.on('error', reject);
  });
}

/** How the bench's clients are spread: over many runs (founders watching their own) or all on one. */
interface Spread {
  runs: number;
  clientsPerRun: number;
}

interface SpreadResult {
  viaGateway: number[];
  bare: number[];
  fanOutMs: number;
  perClientKb: number;
  perSocketKb: number;
}

/**
 * CLIENTS SSE clients on one gateway, spread over `runs` runs, and a bare NATS subscriber of
 * the same subjects in the same process: each event goes to one run, and its delivery latency
 * at every client of that run is set against the subscriber's, from the moment it is published;
 * and the gateway's resident memory per client.
 */
async function measureSpread(system: TestSystem, api: FounderApi, spread: Spread): Promise<SpreadResult> {
  const runs = await Promise.all(Array.from({ length: spread.runs }, () => quietRun(api, system)));
  const nc = await connect({ servers: system.natsUrl, name: 'bench-sse' });
  const js = jetstream(nc);
  const sentAt = new Float64Array(EVENTS);
  const bare: number[] = [];
  for (const { runId } of runs) {
    nc.subscribe(Subjects.runEvents(runId), { callback: (_err, msg) => {
      const found = /"text":"bench (\d+)"/.exec(msg.string());
      if (found) bare.push(performance.now() - sentAt[Number(found[1])]);
    } });
  }

  const clients = spread.runs * spread.clientsPerRun;
  const following = await clientsFollowing(system);
  const memoryBefore = await residentBytes(system);
  const ownBefore = process.memoryUsage().rss;
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const viaGateway: number[] = [];
  const reached = new Int32Array(EVENTS);
  let everyClient: () => void = () => undefined;
  const arrived = (event: number) => {
    viaGateway.push(performance.now() - sentAt[event]);
    if ((reached[event] += 1) === spread.clientsPerRun) everyClient();
  };
  const urls = runs.map(({ runId, lastId }) => `${system.gatewayUrl}/v1/runs/${runId}/events?verbose=1&after=${lastId}`);
  for (let opened = 0; opened < clients; opened += CONNECTING_AT_ONCE) {
    const batch = Math.min(CONNECTING_AT_ONCE, clients - opened);
    await Promise.all(Array.from({ length: batch }, (_, i) => openClient(urls[(opened + i) % urls.length], api.token, agent, arrived)));
  }
  await waitFor(async () => ((await clientsFollowing(system)) >= following + clients ? true : undefined), `${clients} SSE clients following`, 120_000);
  const memoryAfter = await residentBytes(system);
  const ownAfter = process.memoryUsage().rss;

  const spentBefore = await fanOutSpent(system);
  for (let event = 0; event < EVENTS; event += 1) {
    const { runId } = runs[event % runs.length];
    const atEveryClient = new Promise<void>((resolve) => { everyClient = resolve; });
    sentAt[event] = performance.now();
    await js.publish(Subjects.runEvent(runId, 'agent.message'), JSON.stringify({ type: 'agent.message', runId, at: new Date().toISOString(), text: `bench ${event}` }));
    const late = setTimeout(() => everyClient(), 30_000);
    await atEveryClient;
    clearTimeout(late);
    await new Promise((resolve) => setTimeout(resolve, BETWEEN_EVENTS_MS));
  }
  const spentAfter = await fanOutSpent(system);
  if (viaGateway.length < spread.clientsPerRun * EVENTS) console.log(`sse bench: ${viaGateway.length} of ${spread.clientsPerRun * EVENTS} deliveries arrived`);
  agent.destroy();
  await nc.drain();
  await waitFor(async () => ((await clientsFollowing(system)) <= following ? true : undefined), 'the bench clients gone', 60_000);
  return {
    viaGateway,
    bare,
    fanOutMs: (1000 * (spentAfter.seconds - spentBefore.seconds)) / (spentAfter.events - spentBefore.events),
    perClientKb: (memoryAfter - memoryBefore) / clients / 1024,
    // The baseline: what the same connections cost this process, at the other end of the sockets.
    perSocketKb: (ownAfter - ownBefore) / clients / 1024,
  };
}

/**
 * CLIENTS SSE clients on one gateway, twice: founders watching their own runs (RUNS runs, a
 * few clients each: the goal, p99 within 3x of a bare NATS subscriber's), and every client on
 * one run (the worst case: one event written to CLIENTS sockets before the last one has it).
 */
export async function sseFanoutFigures(system: TestSystem): Promise<Figure[]> {
  const api = new FounderApi(system.gatewayUrl, 'dev:bench-sse');
  const many = await measureSpread(system, api, { runs: RUNS, clientsPerRun: CLIENTS / RUNS });
  const one = await measureSpread(system, api, { runs: 1, clientsPerRun: CLIENTS });
  const figures = (label: string, r: SpreadResult): Figure[] => {
    const viaGateway = summarize(r.viaGateway);
    const direct = summarize(r.bare);
    return [
      { name: `sse ${CLIENTS} clients ${label}: delivery, median`, unit: 'ms', value: viaGateway.median, baseline: direct.median, ratio: viaGateway.median / direct.median },
      { name: `sse ${CLIENTS} clients ${label}: delivery, p99 (vs bare NATS)`, unit: 'ms', value: viaGateway.p99, baseline: direct.p99, ratio: viaGateway.p99 / direct.p99 },
      { name: `sse ${CLIENTS} clients ${label}: gateway writing one event, mean (vs delivery median)`, unit: 'ms', value: r.fanOutMs, baseline: viaGateway.median, ratio: r.fanOutMs / viaGateway.median },
    ];
  };
  return [
    ...figures(`over ${RUNS} runs`, many),
    ...figures('on one run', one),
    { name: 'sse gateway memory per client (vs client end)', unit: 'KiB', value: many.perClientKb, baseline: many.perSocketKb, ratio: many.perClientKb / many.perSocketKb },
  ];
}

/** `node dist/bench/sse-fanout.js`: this benchmark alone, on a system of its own. */
async function main(): Promise<void> {
  const system = await new TestSystem().start();
  try {
    for (const f of await sseFanoutFigures(system)) console.log(JSON.stringify(f));
  } finally {
    await system.stop();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
