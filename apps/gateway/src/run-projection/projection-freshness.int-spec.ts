import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { Streams, Subjects } from '@cofounder/contracts';
import { NatsConnectionHolder, provisionMessaging } from '@cofounder/messaging';
import { PrivateNatsServer } from '../../../../test/support/private-nats';
import { CATCH_UP_MS, ProjectionFreshness } from './projection-freshness';
import { PROJECTION_DURABLE } from './projection-durable';

describe('ProjectionFreshness against a real NATS server', () => {
  // EVENTS and the projection's durable have fixed names: a server of this file's own.
  let server: PrivateNatsServer;
  let nats: NatsConnectionHolder;
  let freshness: ProjectionFreshness;

  beforeAll(async () => {
    server = await PrivateNatsServer.start();
    nats = new NatsConnectionHolder();
    await nats.connect(server.url, 'freshness-test');
    await provisionMessaging(nats.jsm, nats.kvm, { eventsMaxAgeDays: 1, leaseMs: 1_000 });
    await nats.jsm.consumers.add(Streams.EVENTS, {
      durable_name: PROJECTION_DURABLE, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: Subjects.runEvents('*'),
    });
    freshness = new ProjectionFreshness(nats);
  });
  afterAll(async () => {
    await nats.nc.close();
    await server.stop();
  });

  const publish = (runId: string) => nats.js.publish(Subjects.runEvent(runId, 'run.status'), JSON.stringify({ type: 'run.status', status: 'running', runId }));
  /** The projector's part: take the next event and ack it. */
  const applyNext = async () => (await (await nats.js.consumers.get(Streams.EVENTS, PROJECTION_DURABLE)).next({ expires: 5_000 }))!.ack();

  it('does not wait for a run that has no event', async () => {
    // True, not the false of a wait that ran out: nothing was there to wait for.
    await expect(freshness.awaitRun(randomUUID())).resolves.toBe(true);
  });

  it('waits until the durable has acked the run\'s events, and no longer than CATCH_UP_MS', async () => {
    const runId = randomUUID();
    await publish(runId);
    const started = Date.now();
    await expect(freshness.awaitRun(runId)).resolves.toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(CATCH_UP_MS - 50);

    const waiting = freshness.awaitRun(runId);
    await applyNext();
    await expect(waiting).resolves.toBe(true);
  });

  it('waits for every run\'s events before a list', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await publish(a);
    await publish(b);
    const waiting = freshness.awaitAll();
    await applyNext();
    await applyNext();
    await expect(waiting).resolves.toBe(true);
  });

  it('answers, not knowing, rather than wait for NATS to come back', async () => {
    await server.stop();
    // Without its own deadline the wait would outlast NATS's absence and this test's timeout.
    await expect(freshness.awaitRun(randomUUID())).resolves.toBe(false);
  });
});
