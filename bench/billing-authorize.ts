import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { AuthorizeRequestV1, BillingAuthorize, BillingReleaseReservations } from '@cofounder/contracts';
import { NatsConnectionHolder, RpcClient } from '@cofounder/messaging';
import { Figure } from './figure';
import { summarize } from './stats';

const AUTHORIZATIONS = Number(process.env.BENCH_AUTHORIZATIONS ?? 1000);
const CONCURRENT_RUNS = 20;
const PER_RUN = Number(process.env.BENCH_AUTHORIZATIONS_PER_RUN ?? 50);

interface BenchRun {
  runId: string;
  ownerId: string;
  projectId: string;
}

const newRun = (ownerId: string): BenchRun => ({ runId: randomUUID(), ownerId, projectId: randomUUID() });

/** A call the size of a busy turn of the simulator's model; the dev tier's budget covers thousands of them. */
function request(run: BenchRun, awakeSince: string): AuthorizeRequestV1 {
  return { ...run, model: 'cofounder-sim', estimatedInputTokens: 2000, maxOutputTokens: 8192, awakeSince };
}

async function authorize(rpc: RpcClient, run: BenchRun, awakeSince: string): Promise<void> {
  const reply = await rpc.request(BillingAuthorize, request(run, awakeSince));
  // A refusal would time a different path (no reservation written): the figure would not mean what it says.
  if (!reply.allowed || !reply.reservationId) throw new Error(`billing refused a bench authorization: ${reply.limit} ${reply.reason}`);
}

const release = (rpc: RpcClient, run: BenchRun) => rpc.request(BillingReleaseReservations, { runId: run.runId, ownerId: run.ownerId });

/** One authorization at a time, each reservation released before the next (untimed), so none piles up. */
async function roundTripMs(rpc: RpcClient): Promise<number[]> {
  const run = newRun(`bench-rt-${randomUUID()}`);
  const awakeSince = new Date().toISOString();
  const samples: number[] = [];
  for (let i = 0; i < AUTHORIZATIONS + 50; i += 1) {
    const t = performance.now();
    await authorize(rpc, run, awakeSince);
    if (i >= 50) samples.push(performance.now() - t);
    await release(rpc, run);
  }
  return samples;
}

/**
 * The floor under billing's own work: the smallest durable write on the same PostgreSQL (a row
 * inserted and committed, so its WAL is flushed as a reservation's is), three round trips.
 */
export async function durableInsertMs(databaseUrl: string): Promise<number[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const samples: number[] = [];
  try {
    await db.query('CREATE TABLE IF NOT EXISTS public.bench_floor (id int)');
    for (let i = 0; i < AUTHORIZATIONS + 50; i += 1) {
      const t = performance.now();
      await db.query('BEGIN');
      await db.query('INSERT INTO public.bench_floor VALUES ($1)', [i]);
      await db.query('COMMIT');
      if (i >= 50) samples.push(performance.now() - t);
    }
    await db.query('DROP TABLE public.bench_floor');
  } finally {
    await db.end();
  }
  return samples;
}

/** Twenty runs authorizing back to back at once; authorizations per second over the whole burst. */
async function throughput(rpc: RpcClient, runs: BenchRun[]): Promise<number> {
  const awakeSince = new Date().toISOString();
  const t = performance.now();
  await Promise.all(runs.map(async (run) => {
    for (let i = 0; i < PER_RUN; i += 1) await authorize(rpc, run, awakeSince);
  }));
  const seconds = (performance.now() - t) / 1000;
  await Promise.all(runs.map((run) => release(rpc, run)));
  return (runs.length * PER_RUN) / seconds;
}

/**
 * billing.authorize with its reservation (PostgreSQL, serialised per founder), over NATS, beside
 * the bare echo measured on the same server in the same run, and beside the echo plus the smallest
 * durable PostgreSQL write (what any reservation kept in PostgreSQL costs at least); then the
 * throughput of 20 runs of one founder (they queue on that founder's lock) and of 20 founders.
 */
export async function billingAuthorizeFigures(natsUrl: string, databaseUrl: string, echo: { median: number; p99: number }): Promise<Figure[]> {
  const nats = new NatsConnectionHolder();
  await nats.connect(natsUrl, 'bench-billing');
  try {
    const rpc = new RpcClient(nats);
    const rt = summarize(await roundTripMs(rpc));
    const tx = summarize(await durableInsertMs(databaseUrl));
    const oneFounder = `bench-one-${randomUUID()}`;
    const sameFounder = await throughput(rpc, Array.from({ length: CONCURRENT_RUNS }, () => newRun(oneFounder)));
    const manyFounders = await throughput(rpc, Array.from({ length: CONCURRENT_RUNS }, () => newRun(`bench-many-${randomUUID()}`)));
    return [
      { name: 'billing.authorize round trip, median', unit: 'ms', value: rt.median, baseline: echo.median, ratio: rt.median / echo.median },
      { name: 'billing.authorize round trip, p99', unit: 'ms', value: rt.p99, baseline: echo.p99, ratio: rt.p99 / echo.p99 },
      { name: 'postgres BEGIN; INSERT; COMMIT, median', unit: 'ms', value: tx.median, baseline: echo.median, ratio: tx.median / echo.median },
      { name: 'billing.authorize vs echo + durable insert, median', unit: 'ms', value: rt.median, baseline: echo.median + tx.median, ratio: rt.median / (echo.median + tx.median) },
      { name: 'authorize throughput, 20 runs of 1 founder', unit: '/s', value: sameFounder, baseline: manyFounders, ratio: sameFounder / manyFounders },
      { name: 'authorize throughput, 20 runs of 20 founders', unit: '/s', value: manyFounders, baseline: 1000 / rt.median, ratio: manyFounders / (1000 / rt.median) },
    ];
  } finally {
    await nats.onApplicationShutdown();
  }
}
