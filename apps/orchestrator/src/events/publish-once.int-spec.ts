import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ManualClock } from '@cofounder/config';
import { RunEventBody } from '@cofounder/contracts';
import { JetStreamPublisher, NatsConnectionHolder, provisionMessaging, PublishOnce, RunEventPublisher } from '@cofounder/messaging';
import { dataSourceOptions, migrate } from '@cofounder/persistence';
import { outlastDuplicateWindow, storedEvents } from '../../../../test/support/events-stream';
import { freePort } from '../../../../test/support/free-port';
import { PrivateNatsServer } from '../../../../test/support/private-nats';
import { TcpProxy } from '../../../../test/support/tcp-proxy';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { orchestratorSchema } from '../runs/orchestrator-schema';
import { PublishedEventRepository } from './published-event.repository';

const message = (text: string): RunEventBody => ({ type: 'agent.message', text });
const waiting: RunEventBody = { type: 'run.status', status: 'running', reason: 'Waiting for billing to come back…' };

describe('PublishOnce against real PostgreSQL and NATS, past the duplicate window', () => {
  let db: TestDatabase;
  let dbProxy: TcpProxy;
  let dataSource: DataSource;
  let natsServer: PrivateNatsServer;
  let nats: NatsConnectionHolder;
  let log: PublishedEventRepository;
  let events: RunEventPublisher;
  let once: PublishOnce;

  beforeAll(async () => {
    [db, natsServer] = await Promise.all([createTestDatabase('once'), PrivateNatsServer.start()]);
    // Through a proxy, so that one test can take the database away.
    const target = new URL(db.url);
    dbProxy = await TcpProxy.start(await freePort(), { host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(dbProxy.port);
    dataSource = await new DataSource(dataSourceOptions(viaProxy.toString(), orchestratorSchema)).initialize();
    await migrate(dataSource, 'orchestrator');
    nats = new NatsConnectionHolder();
    await nats.connect(natsServer.url, 'publish-once-test');
    // nats-server's shortest window: the tests outlast it instead of ten minutes.
    await provisionMessaging(nats.jsm, nats.kvm, { eventsMaxAgeDays: 1, eventsDuplicateWindowMs: 100, leaseMs: 30_000 });
    log = new PublishedEventRepository(dataSource);
    events = new RunEventPublisher(new JetStreamPublisher(nats), nats, new ManualClock(new Date('2026-12-01T10:00:00Z')));
    once = new PublishOnce(events, log);
  });
  afterAll(async () => {
    await nats.onApplicationShutdown();
    await dataSource.destroy();
    await dbProxy.stop();
    await Promise.all([db.drop(), natsServer.stop()]);
  });

  const msgIds = async (runId: string) => (await storedEvents(nats, runId)).map((e) => e.msgId);
  const rowsOf = (runId: string) =>
    dataSource.query<{ key: string; final: boolean; seq: string | null }[]>(
      'SELECT key, final, seq FROM orchestrator.published_events WHERE run_id = $1 ORDER BY key', [runId]);

  it('publishes a key again after the window has passed: the stream holds it once', async () => {
    const runId = randomUUID();
    await once.publish(runId, '1:message', message('Hello.'));
    await outlastDuplicateWindow(nats);
    await once.publish(runId, '1:message', message('Hello.'));
    expect(await msgIds(runId)).toEqual([`${runId}:1:message`]);
  });

  it('unsure, the event stored but its acknowledgement never recorded: found in the stream, not published again', async () => {
    const runId = randomUUID();
    await once.publish(runId, 'status:running:0', { type: 'run.status', status: 'running' });
    // The process that died: intent recorded, the event published, and nothing more.
    await log.intend(runId, '1:message', false);
    const seq = await events.publish(runId, '1:message', message('Hello.'));
    await outlastDuplicateWindow(nats);

    await once.publish(runId, '1:message', message('Hello.'));
    expect(await msgIds(runId)).toEqual([`${runId}:status:running:0`, `${runId}:1:message`]);
    expect((await rowsOf(runId)).find((r) => r.key === '1:message')?.seq).toBe(String(seq));
  });

  it('unsure, the process died before its publish: the event is published, once', async () => {
    const runId = randomUUID();
    await log.intend(runId, '1:message', false);
    await outlastDuplicateWindow(nats);

    await once.publish(runId, '1:message', message('Hello.'));
    await once.publish(runId, '1:message', message('Hello.'));
    expect(await msgIds(runId)).toEqual([`${runId}:1:message`]);
  });

  it('unsure, with later events of the same type on the stream: the stored copy is still found', async () => {
    const runId = randomUUID();
    await log.intend(runId, '2:waiting:billing', false);
    await events.publish(runId, '2:waiting:billing', waiting);
    // Another handler of the run (the founder pausing it) published on the same subject since.
    await once.publish(runId, 'status:paused:1', { type: 'run.status', status: 'paused' });
    await outlastDuplicateWindow(nats);

    await once.publish(runId, '2:waiting:billing', waiting);
    expect(await msgIds(runId)).toEqual([`${runId}:2:waiting:billing`, `${runId}:status:paused:1`]);
  });

  it('at the run\'s end forgets its activity but keeps its ending, which a late step announces again once', async () => {
    const runId = randomUUID();
    await once.publish(runId, '1:message', message('Done.'));
    await once.publish(runId, 'status:completed', { type: 'run.status', status: 'completed' });
    await once.publish(runId, 'completed', { type: 'run.completed', summary: 'Done.' });
    expect((await rowsOf(runId)).map((r) => [r.key, r.final])).toEqual([['completed', true], ['status:completed', true]]);

    await outlastDuplicateWindow(nats);
    await once.publish(runId, 'status:completed', { type: 'run.status', status: 'completed' });
    await once.publish(runId, 'completed', { type: 'run.completed', summary: 'Done.' });
    expect(await msgIds(runId)).toEqual([`${runId}:1:message`, `${runId}:status:completed`, `${runId}:completed`]);
  });

  it('with the database away, asks the stream instead: the notice of the outage goes out once however often it is repeated', async () => {
    const runId = randomUUID();
    const notice: RunEventBody = { type: 'run.status', status: 'running', reason: 'Waiting for the database to come back…' };
    await dbProxy.cut();
    try {
      await once.publish(runId, '1:waiting:the-database', notice);
      await outlastDuplicateWindow(nats);
      await once.publish(runId, '1:waiting:the-database', notice);
    } finally {
      await dbProxy.restore();
    }
    expect(await msgIds(runId)).toEqual([`${runId}:1:waiting:the-database`]);
  });

  it('keeps the caller\'s order, and each event\'s intent and sequence on record', async () => {
    const runId = randomUUID();
    const keys = ['1:message', 'toolu_1:started', 'toolu_1:completed', '2:message'];
    for (const key of keys) await once.publish(runId, key, message(key));
    const stored = await storedEvents(nats, runId);
    expect(stored.map((e) => e.msgId)).toEqual(keys.map((k) => `${runId}:${k}`));
    const rows = await rowsOf(runId);
    expect(rows.map((r) => Number(r.seq)).sort((a, b) => a - b)).toEqual(stored.map((e) => e.seq));
  });
});
