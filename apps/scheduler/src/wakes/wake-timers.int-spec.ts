import { randomUUID } from 'node:crypto';
import { ManualClock } from '@cofounder/config';
import { RunStatus, Subjects, wakeMessageId } from '@cofounder/contracts';
import { NatsConnectionHolder } from '@cofounder/messaging';
import { PrivateNatsServer } from '../../../../test/support/private-nats';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { waitFor } from '../../../../test/support/wait-for';
import {
  announceStatus, provision, SchedulerInstance, SchedulerWorld, shortLeaseConfig, WakeCollector,
} from '../../test/scheduler-harness';

const config = shortLeaseConfig(900);
// Sweeps have no responder here: they are the other file's subject.
const timing = { tickMs: 50, sweepEveryMs: 3_600_000, sweepTimeoutMs: 200 };
const SOON_MS = 300;

describe('wake timers against a real NATS server and PostgreSQL', () => {
  // The scheduler's subjects and streams are fixed (run.cmd.wake, EVENTS, RUNS): a server of this file's own.
  let server: PrivateNatsServer;
  let db: TestDatabase;
  let admin: NatsConnectionHolder;
  let wakes: WakeCollector;
  const clock = new ManualClock(new Date('2030-01-01T00:00:00Z'));
  const running = new Set<SchedulerInstance>();
  let a: SchedulerInstance;

  const world = (): SchedulerWorld => ({ natsUrl: server.url, databaseUrl: db.url, config, timing, clock });
  const soon = () => new Date(clock.now().getTime() + SOON_MS);

  async function start(): Promise<SchedulerInstance> {
    const instance = await SchedulerInstance.start(world());
    running.add(instance);
    return instance;
  }

  async function stop(instance: SchedulerInstance): Promise<void> {
    running.delete(instance);
    await instance.close();
  }

  /** Waits until the instance has applied the run's event at `seq` (or a newer one). */
  async function heard(instance: SchedulerInstance, runId: string, seq: number): Promise<void> {
    await waitFor(async () => (((await instance.timerOf(runId))?.eventSeq ?? 0) >= seq ? true : undefined), `the event at ${seq}`);
  }

  async function announce(runId: string, status: RunStatus, wakeAt?: Date, instance = a): Promise<void> {
    await heard(instance, runId, await announceStatus(admin, runId, status, clock.now(), wakeAt));
  }

  /** Ticks that ran as leader: a wake not seen after them was not fired. */
  async function ticksPass(instance: SchedulerInstance, n = 3): Promise<void> {
    const from = instance.tick.leaderTicks;
    await waitFor(() => (instance.tick.leaderTicks >= from + n ? true : undefined), `${n} leader ticks`);
  }

  const wakeOf = (runId: string) => waitFor(() => wakes.forRun(runId)[0], `the wake of ${runId}`);

  beforeAll(async () => {
    [server, db] = await Promise.all([PrivateNatsServer.start(), createTestDatabase('scheduler')]);
    admin = new NatsConnectionHolder();
    await admin.connect(server.url, 'scheduler-test');
    await provision(admin, config);
    wakes = await WakeCollector.start(admin);
    a = await start();
  });

  afterAll(async () => {
    for (const instance of running) await instance.close();
    await wakes.stop();
    await admin.onApplicationShutdown();
    await server.stop();
    await db.drop();
  });

  it('answers /health with PostgreSQL, NATS and its role', async () => {
    const { status, body } = await a.health();
    expect(status).toBe(200);
    expect(body.info).toMatchObject({ postgres: { status: 'up' }, nats: { status: 'up' }, leadership: { status: 'up' } });
  });

  it('sets a timer from a sleeping event and wakes the run once, at wakeAt and not before', async () => {
    const runId = randomUUID();
    const wakeAt = soon();
    await announce(runId, 'sleeping', wakeAt);
    expect(await a.timerOf(runId)).toMatchObject({ wakeAt, firedAt: null });

    await ticksPass(a);
    expect(wakes.forRun(runId)).toHaveLength(0);

    clock.advance(SOON_MS);
    const wake = await wakeOf(runId);
    expect(wake).toMatchObject({ runId, wakeAt: wakeAt.toISOString(), msgId: wakeMessageId({ runId, wakeAt: wakeAt.toISOString() }) });
    await ticksPass(a);
    expect(wakes.forRun(runId)).toHaveLength(1);
    expect((await a.timerOf(runId))?.firedAt).toEqual(clock.now());
  });

  it.each<RunStatus>(['running', 'paused', 'cancelled'])('removes the timer when the run is %s before it is due', async (status) => {
    const runId = randomUUID();
    await announce(runId, 'sleeping', soon());
    await announce(runId, status);
    expect((await a.timerOf(runId))?.wakeAt).toBeNull();

    clock.advance(SOON_MS);
    await ticksPass(a);
    expect(wakes.forRun(runId)).toHaveLength(0);
  });

  it('applies only the newest event of a run, whatever order they are handled in', async () => {
    const runId = randomUUID();
    const wakeAt = soon();
    // A `running` at sequence 20 handled before the `sleeping` at 10 that came first.
    await a.trackSleep.execute({ type: 'run.status', runId, status: 'running', at: clock.now().toISOString() }, 20);
    await a.trackSleep.execute({ type: 'run.status', runId, status: 'sleeping', wakeAt: wakeAt.toISOString(), at: clock.now().toISOString() }, 10);
    expect((await a.timerOf(runId))?.wakeAt).toBeNull();

    // Then it sleeps for real; the same sleep delivered again, or announced again, wakes it once.
    const sleep = { type: 'run.status' as const, runId, status: 'sleeping' as const, wakeAt: wakeAt.toISOString(), at: clock.now().toISOString() };
    const firedBefore = await a.wakesFired();
    await a.trackSleep.execute(sleep, 30);
    clock.advance(SOON_MS);
    await wakeOf(runId);
    await a.trackSleep.execute(sleep, 30);
    await a.trackSleep.execute(sleep, 31);
    await ticksPass(a);
    // Published once, not once and then dropped by the stream's dedupe.
    expect((await a.wakesFired()) - firedBefore).toBe(1);
    expect(wakes.forRun(runId)).toHaveLength(1);
    expect((await a.timerOf(runId))?.firedAt).not.toBeNull();
  });

  it('counts on the RUNS dedupe when a wake was published but not marked fired (a crash in between)', async () => {
    const runId = randomUUID();
    const wakeAt = soon();
    await announce(runId, 'sleeping', wakeAt);
    const wake = { runId, wakeAt: wakeAt.toISOString() };
    // The publish of an instance that died before its mark.
    await admin.js.publish(Subjects.runCommand('wake'), JSON.stringify(wake), { msgID: wakeMessageId(wake) });
    await wakeOf(runId);

    clock.advance(SOON_MS);
    await waitFor(async () => ((await a.timerOf(runId))?.firedAt ? true : undefined), 'the timer to be marked fired');
    await ticksPass(a);
    expect(wakes.forRun(runId)).toHaveLength(1);
  });

  it('publishes each of many due wakes once, with two instances racing for them', async () => {
    const b = await start();
    expect([a.lock.isLeader, b.lock.isLeader]).toEqual([true, false]);
    const runIds = Array.from({ length: 40 }, () => randomUUID());
    await Promise.all(runIds.map((runId) => announce(runId, 'sleeping', soon())));
    const firedBefore = (await a.wakesFired()) + (await b.wakesFired());

    clock.advance(SOON_MS);
    // Both claim at once besides the leader's own tick, as a leader and one that still thinks it leads would.
    await Promise.all([a.wakeDueRuns.execute(), b.wakeDueRuns.execute(), a.wakeDueRuns.execute(), b.wakeDueRuns.execute()]);
    await waitFor(() => (runIds.every((runId) => wakes.forRun(runId).length > 0) ? true : undefined), 'every wake');
    await ticksPass(a);

    expect((await a.wakesFired()) + (await b.wakesFired()) - firedBefore).toBe(runIds.length);
    expect(runIds.map((runId) => wakes.forRun(runId).length)).toEqual(runIds.map(() => 1));
    expect(b.tick.leaderTicks).toBe(0);
  });

  it('loses no wake and doubles none across a restart, and fires those that fell due while it was down', async () => {
    const [fired, pending, announcedWhileDown] = [randomUUID(), randomUUID(), randomUUID()];
    await announce(fired, 'sleeping', soon());
    await announce(pending, 'sleeping', new Date(clock.now().getTime() + 600_000));
    clock.advance(SOON_MS);
    await wakeOf(fired);

    for (const instance of [...running]) await stop(instance);
    // The sleep is announced while no scheduler runs; the durable consumer reads it at start.
    await announceStatus(admin, announcedWhileDown, 'sleeping', clock.now(), soon());
    clock.advance(600_000);

    a = await start();
    await Promise.all([wakeOf(pending), wakeOf(announcedWhileDown)]);
    await ticksPass(a);
    expect([fired, pending, announcedWhileDown].map((runId) => wakes.forRun(runId).length)).toEqual([1, 1, 1]);
    expect(await a.timers.countPending()).toBe(0);
  });
});
