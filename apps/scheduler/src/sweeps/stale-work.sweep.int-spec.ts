import { randomUUID } from 'node:crypto';
import { Subscription } from '@nats-io/transport-node';
import { BillingExpireReservations, RunsReap } from '@cofounder/contracts';
import { NatsConnectionHolder } from '@cofounder/messaging';
import { PrivateNatsServer } from '../../../../test/support/private-nats';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { waitFor } from '../../../../test/support/wait-for';
import {
  announceStatus, provision, SchedulerInstance, SchedulerWorld, shortLeaseConfig, WakeCollector,
} from '../../test/scheduler-harness';

const config = shortLeaseConfig(900);
const timing = { tickMs: 50, sweepEveryMs: 150, sweepTimeoutMs: 300 };
// One tick, plus what a busy two-core machine may add to a 50 ms timer.
const LATE_AT_MOST_MS = timing.tickMs + 100;
const SWEEPS = ['expire_reservations', 'reap_runs'] as const;
const OUTCOMES = ['ok', 'unavailable', 'failed'] as const;

/** Billing's or the orchestrator's side of a sweep: answers with `reply` and counts the calls. */
class Responder {
  calls = 0;
  private constructor(private readonly sub: Subscription) {}

  static on(nats: NatsConnectionHolder, subject: string, reply: object): Responder {
    let responder: Responder | undefined = undefined;
    const sub = nats.nc.subscribe(subject, {
      queue: 'test',
      callback: (_err, msg) => {
        responder!.calls += 1;
        msg.respond(JSON.stringify({ ok: true, data: reply }));
      },
    });
    responder = new Responder(sub);
    return responder;
  }

  stop(): void {
    this.sub.unsubscribe();
  }
}

describe('the leader\'s sweeps and wakes on the system clock, against a real NATS server and PostgreSQL', () => {
  let server: PrivateNatsServer;
  let db: TestDatabase;
  let admin: NatsConnectionHolder;
  let wakes: WakeCollector;
  const running = new Set<SchedulerInstance>();

  const world = (): SchedulerWorld => ({ natsUrl: server.url, databaseUrl: db.url, config, timing });

  async function start(): Promise<SchedulerInstance> {
    const instance = await SchedulerInstance.start(world());
    running.add(instance);
    return instance;
  }

  async function sweepsBy(instance: SchedulerInstance): Promise<number> {
    let total = 0;
    for (const sweep of SWEEPS) for (const outcome of OUTCOMES) total += await instance.sweeps(sweep, outcome);
    return total;
  }

  beforeAll(async () => {
    [server, db] = await Promise.all([PrivateNatsServer.start(), createTestDatabase('scheduler')]);
    admin = new NatsConnectionHolder();
    await admin.connect(server.url, 'scheduler-sweep-test');
    await provision(admin, config);
    wakes = await WakeCollector.start(admin);
  });

  afterAll(async () => {
    for (const instance of running) await instance.close();
    await wakes.stop();
    await admin.onApplicationShutdown();
    await server.stop();
    await db.drop();
  });

  it('has the leader alone ask for sweeps, again after one went unanswered, and the standby once it leads', async () => {
    const expire = Responder.on(admin, BillingExpireReservations.subject, { released: 2 });
    const a = await start();
    const b = await start();
    expect([a.lock.isLeader, b.lock.isLeader]).toEqual([true, false]);

    // Nobody answers runs.reap yet: counted unavailable, and asked again at every sweep.
    await waitFor(async () => ((await a.sweeps('reap_runs', 'unavailable')) >= 2 ? true : undefined), 'two unanswered reaps');
    await waitFor(async () => ((await a.sweeps('expire_reservations', 'ok')) >= 2 ? true : undefined), 'two expiries');
    const reap = Responder.on(admin, RunsReap.subject, { reaped: [randomUUID()] });
    await waitFor(async () => ((await a.sweeps('reap_runs', 'ok')) >= 1 ? true : undefined), 'an answered reap');
    expect(reap.calls).toBeGreaterThanOrEqual(1);
    expect(expire.calls).toBeGreaterThanOrEqual(2);
    expect(await sweepsBy(b)).toBe(0);

    await a.close();
    running.delete(a);
    await waitFor(() => (b.lock.isLeader ? true : undefined), 'the standby to lead');
    const reapsBefore = reap.calls;
    await waitFor(async () => ((await b.sweeps('reap_runs', 'ok')) >= 2 ? true : undefined), 'the new leader\'s reaps');
    // The new leader's first call may have landed before reapsBefore was read; its second cannot have.
    expect(reap.calls).toBeGreaterThanOrEqual(reapsBefore + 1);
    reap.stop();
    expect(expire.calls).toBeGreaterThanOrEqual(await b.sweeps('expire_reservations', 'ok'));
    expire.stop();
  });

  it('wakes a run at wakeAt, never before and within a tick of it, while a sweep goes unanswered', async () => {
    const [leader] = running;
    const runId = randomUUID();
    const wakeAt = new Date(Date.now() + 1_000);
    await announceStatus(admin, runId, 'sleeping', new Date(), wakeAt);
    const wake = await waitFor(() => wakes.forRun(runId)[0], 'the wake');

    expect(wake.storedAt.getTime()).toBeGreaterThanOrEqual(wakeAt.getTime());
    expect(await leader.wakeLatenessMs()).toBeLessThanOrEqual(LATE_AT_MOST_MS);
    // Nobody answers runs.reap any more: the leader still asks (and the wake above was not held by it).
    await waitFor(async () => ((await leader.sweeps('reap_runs', 'unavailable')) >= 1 ? true : undefined), 'an unanswered reap');
  });
});
