import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CofounderConfig, ManualClock } from '@cofounder/config';
import { RunStepV1, Streams, Subjects } from '@cofounder/contracts';
import { JetStreamPublisher, NatsConnectionHolder, provisionMessaging } from '@cofounder/messaging';
import { dataSourceOptions, migrate } from '@cofounder/persistence';
import { PrivateNatsServer } from '../../../../../test/support/private-nats';
import { createTestDatabase, TestDatabase } from '../../../../../test/support/test-database';
import { orchestratorSchema } from '../orchestrator-schema';
import type { NewRun } from '../ports';
import { RunRepository } from '../run.repository';
import { StepLeaseRepository } from '../step-lease/step-lease.repository';
import { ReapStaleRunsUseCase } from './reap-stale-runs.use-case';
import { StaleRunsRepository } from './stale-runs.repository';

const LEASE_MS = 30_000;

/** A running run at turn 0, made as the orchestrator makes one. */
async function createRun(dataSource: DataSource, now: Date): Promise<string> {
  const id = randomUUID();
  await new RunRepository(dataSource).create({
    id, projectId: randomUUID(), ownerId: 'dev_alice', goal: 'Build it', verbose: false, model: 'cofounder-sim', tier: 'dev',
  } as NewRun, now);
  return id;
}

describe('the stale-run reaper against real PostgreSQL and NATS', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let natsServer: PrivateNatsServer;
  let nats: NatsConnectionHolder;
  let reaper: ReapStaleRunsUseCase;
  let leases: StepLeaseRepository;
  const clock = new ManualClock(new Date('2026-11-24T10:00:00Z'));

  beforeAll(async () => {
    [db, natsServer] = await Promise.all([createTestDatabase('reap'), PrivateNatsServer.start()]);
    dataSource = await new DataSource(dataSourceOptions(db.url, orchestratorSchema)).initialize();
    await migrate(dataSource, 'orchestrator');
    nats = new NatsConnectionHolder();
    await nats.connect(natsServer.url, 'reaper-test');
    await provisionMessaging(nats.jsm, nats.kvm, { eventsMaxAgeDays: 1, leaseMs: LEASE_MS });
    const config = { time: { leaseMs: LEASE_MS } } as CofounderConfig;
    reaper = new ReapStaleRunsUseCase(new StaleRunsRepository(dataSource), nats, new JetStreamPublisher(nats), config, clock);
    leases = new StepLeaseRepository(dataSource);
  });
  afterAll(async () => {
    await nats.onApplicationShutdown();
    await dataSource.destroy();
    await Promise.all([db.drop(), natsServer.stop()]);
  });

  /** A run as the orchestrator leaves it: `turn` replies saved, its last step activity at `lastStepAt`. */
  async function aRun(opts: { status?: string; turn?: number; lastStepAt: Date }): Promise<string> {
    const id = await createRun(dataSource, clock.now());
    await dataSource.query('UPDATE orchestrator.runs SET status = $2, turn = $3, last_step_at = $4 WHERE id = $1',
      [id, opts.status ?? 'running', opts.turn ?? 0, opts.lastStepAt]);
    return id;
  }

  /** The step queued for a run, taken off the work queue as a consumer would. */
  async function takeQueuedStep(runId: string): Promise<RunStepV1 | null> {
    const msg = await nats.jsm.streams.getMessage(Streams.RUNS, { last_by_subj: Subjects.runStep(runId) });
    if (!msg) return null;
    await nats.jsm.streams.deleteMessage(Streams.RUNS, msg.seq);
    return msg.json<RunStepV1>();
  }

  const ago = (ms: number) => new Date(clock.now().getTime() - ms);

  it('gives a run with no step in flight its next step once per stale period, each with a message id of its own', async () => {
    const runId = await aRun({ turn: 3, lastStepAt: ago(LEASE_MS + 1) });

    expect(await reaper.execute()).toContain(runId);
    expect(await takeQueuedStep(runId)).toEqual({ runId, turn: 4, resumeKey: 'reap-1' });
    // Called again in the same period (another scheduler tick, another orchestrator): nothing more.
    expect(await reaper.execute()).not.toContain(runId);
    expect(await takeQueuedStep(runId)).toBeNull();

    // That step was lost too: a whole period later the run is reaped again, and the stream's dedupe does not swallow it.
    clock.advance(LEASE_MS);
    expect(await reaper.execute()).toContain(runId);
    expect(await takeQueuedStep(runId)).toEqual({ runId, turn: 4, resumeKey: 'reap-2' });
  });

  it('takes up again a checkpoint turn whose tool calls never got their results, and goes on past one whose did', async () => {
    const reply = (turn: number) => [{ type: 'text', text: `turn ${turn}` }, { type: 'tool_use', id: `t${turn}`, name: 'ls', input: {} }];
    const saveMessage = (runId: string, seq: number, role: string, content: unknown[]) => dataSource.query(
      'INSERT INTO orchestrator.run_messages (run_id, seq, turn, role, content, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)',
      [runId, seq, Math.ceil(seq / 2), role, JSON.stringify(content), clock.now()]);
    const cutShort = await aRun({ turn: 2, lastStepAt: ago(LEASE_MS + 1) });
    await saveMessage(cutShort, 3, 'assistant', reply(2));
    const finished = await aRun({ turn: 2, lastStepAt: ago(LEASE_MS + 1) });
    await saveMessage(finished, 3, 'assistant', reply(2));
    await saveMessage(finished, 4, 'user', [{ type: 'tool_result', tool_use_id: 't2', content: 'ok' }]);

    expect(await reaper.execute()).toEqual(expect.arrayContaining([cutShort, finished]));
    expect(await takeQueuedStep(cutShort)).toEqual({ runId: cutShort, turn: 2, resumeKey: 'reap-1' });
    expect(await takeQueuedStep(finished)).toEqual({ runId: finished, turn: 3, resumeKey: 'reap-1' });
  });

  it('leaves alone a run whose step holds its lease, one whose step waits in the queue, a fresh one and an ended one', async () => {
    const leased = await aRun({ lastStepAt: ago(2 * LEASE_MS) });
    await leases.claim(leased, { token: 'a', messageSeq: 1 }, clock.now(), LEASE_MS);
    await dataSource.query('UPDATE orchestrator.runs SET last_step_at = $2 WHERE id = $1', [leased, ago(2 * LEASE_MS)]);
    const queued = await aRun({ lastStepAt: ago(2 * LEASE_MS) });
    await nats.js.publish(Subjects.runStep(queued), JSON.stringify({ runId: queued, turn: 1 }), { msgID: `${queued}:1` });
    const fresh = await aRun({ lastStepAt: ago(LEASE_MS - 1_000) });
    const completed = await aRun({ status: 'completed', lastStepAt: ago(2 * LEASE_MS) });

    const reaped = await reaper.execute();
    expect(reaped.filter((id) => [leased, queued, fresh, completed].includes(id))).toEqual([]);
    expect(await takeQueuedStep(leased)).toBeNull();
  });
});

describe('the step lease against a real PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let leases: StepLeaseRepository;
  const now = new Date('2026-11-24T10:00:00Z');
  const later = (ms: number) => new Date(now.getTime() + ms);

  beforeAll(async () => {
    db = await createTestDatabase('lease');
    dataSource = await new DataSource(dataSourceOptions(db.url, orchestratorSchema)).initialize();
    await migrate(dataSource, 'orchestrator');
    leases = new StepLeaseRepository(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const aRun = () => createRun(dataSource, now);

  it('lets one delivery work on a run at a time, until it releases the lease or the lease lapses', async () => {
    const runId = await aRun();
    expect(await leases.claim(runId, { token: 'first', messageSeq: 10 }, now, 1_000)).toBe('claimed');
    expect(await leases.claim(runId, { token: 'second', messageSeq: 11 }, later(500), 1_000)).toBe('held');
    expect(await leases.renew(runId, 'first', later(900), 1_000)).toBe(true);
    expect(await leases.claim(runId, { token: 'second', messageSeq: 11 }, later(1_500), 1_000)).toBe('held');
    expect(await leases.claim(runId, { token: 'second', messageSeq: 11 }, later(1_900), 1_000)).toBe('claimed');
    // The first lost it: its renewal says so, and its release frees nothing.
    expect(await leases.renew(runId, 'first', later(1_950), 1_000)).toBe(false);
    await leases.release(runId, 'first', later(1_950));
    expect(await leases.claim(runId, { token: 'third', messageSeq: 12 }, later(1_960), 1_000)).toBe('held');
    await leases.release(runId, 'second', later(2_000));
    expect(await leases.claim(runId, { token: 'third', messageSeq: 12 }, later(2_000), 1_000)).toBe('claimed');
  });

  it('hands the lease of a killed delivery to the redelivery of the same message at once', async () => {
    const runId = await aRun();
    expect(await leases.claim(runId, { token: 'killed', messageSeq: 20 }, now, 30_000)).toBe('claimed');
    expect(await leases.claim(runId, { token: 'redelivered', messageSeq: 20 }, later(2_000), 30_000)).toBe('claimed');
  });

  it('records the time of the last step activity', async () => {
    const runId = await aRun();
    await leases.claim(runId, { token: 't', messageSeq: 30 }, now, 1_000);
    await leases.release(runId, 't', later(700));
    const [row] = await dataSource.query('SELECT last_step_at, step_lease_until FROM orchestrator.runs WHERE id = $1', [runId]);
    expect(row).toEqual({ last_step_at: later(700), step_lease_until: null });
  });

  it('says when there is no such run', async () => {
    expect(await leases.claim(randomUUID(), { token: 't', messageSeq: 1 }, now, 1_000)).toBe('no_run');
  });
});
