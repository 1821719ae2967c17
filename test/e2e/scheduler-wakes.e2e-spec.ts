import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Streams, Subjects } from '@cofounder/contracts';
import { NatsConnectionHolder } from '@cofounder/messaging';
import { TestSystem } from '../support/system';
import { waitFor } from '../support/wait-for';

const LEASE_MS = 3_000;
const WAKE = Subjects.runCommand('wake');

describe('the scheduler killed while runs sleep', () => {
  // A short lease: the restarted scheduler takes over from its killed self within seconds.
  const system = new TestSystem({ config: { time: { leaseMs: LEASE_MS } } });
  const nats = new NatsConnectionHolder();
  let db: Client;

  /** A run.status event as the orchestrator's RunEventPublisher sends it. */
  async function announceSleep(runId: string, wakeAt: Date): Promise<void> {
    const event = { type: 'run.status', status: 'sleeping', reason: 'Today\'s allowance is spent.', wakeAt: wakeAt.toISOString(), runId, at: new Date().toISOString() };
    await nats.js.publish(Subjects.runEvent(runId, 'run.status'), JSON.stringify(event), { msgID: `${runId}:sleep` });
  }

  async function timers(runIds: string[]): Promise<{ run_id: string; fired_at: Date | null }[]> {
    return (await db.query('SELECT run_id, fired_at FROM scheduler.wake_timers WHERE run_id = ANY($1::uuid[])', [runIds])).rows;
  }

  async function wakesInRuns(): Promise<number> {
    const info = await nats.jsm.streams.info(Streams.RUNS, { subjects_filter: WAKE });
    return info.state.subjects?.[WAKE] ?? 0;
  }

  async function wakesFiredBy(): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${system.ports.scheduler}/metrics`)).text();
    return Number(/^cofounder_scheduler_wakes_fired_total (\d+)$/m.exec(text)?.[1] ?? NaN);
  }

  beforeAll(async () => {
    await system.start();
    await nats.connect(system.natsUrl, 'scheduler-wakes-e2e');
    db = new Client({ connectionString: system.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await nats.onApplicationShutdown();
    await system.stop();
  });

  it('loses no wake and doubles none: each fires once, right after it comes back', async () => {
    // The orchestrator would take the wakes off RUNS (and drop them: these runs are not its own); stopped, it leaves them to be counted.
    await system.terminate('orchestrator');
    const asleepBefore = [randomUUID(), randomUUID(), randomUUID()];
    const wakeAt = new Date(Date.now() + 2_000);
    for (const runId of asleepBefore) await announceSleep(runId, wakeAt);
    await waitFor(async () => ((await timers(asleepBefore)).length === 3 ? true : undefined), 'the timers in PostgreSQL');
    expect((await timers(asleepBefore)).every((t) => t.fired_at === null)).toBe(true);

    await system.kill('scheduler');
    // Announced while no scheduler runs, and already due: the durable consumer reads them at start.
    const asleepWhileDown = [randomUUID(), randomUUID()];
    for (const runId of asleepWhileDown) await announceSleep(runId, new Date());
    await waitFor(() => (Date.now() >= wakeAt.getTime() ? true : undefined), 'the first timers to fall due while the scheduler is down');
    expect(await wakesInRuns()).toBe(0);

    await system.startService('scheduler');
    const all = [...asleepBefore, ...asleepWhileDown];
    // The killed leader's key outlives it by at most a lease; then one tick.
    await waitFor(async () => {
      const rows = await timers(all);
      return rows.length === all.length && rows.every((t) => t.fired_at !== null) ? true : undefined;
    }, 'every wake to fire', LEASE_MS + 10_000);
    expect(await wakesInRuns()).toBe(all.length);
    expect(await wakesFiredBy()).toBe(all.length);
  });
});
