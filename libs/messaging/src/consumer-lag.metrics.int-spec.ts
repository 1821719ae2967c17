import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { MetricsRegistry } from '@cofounder/observability';
import { PrivateNatsServer } from '../../../test/support/private-nats';
import { uniqueName } from '../../../test/support/test-nats';
import { waitFor } from '../../../test/support/wait-for';
import { CONSUMER_INFO_TIMEOUT_MS, ConsumerLag } from './consumer-lag.metrics';
import { JetStreamPublisher } from './event.publisher';
import { JetStreamServer } from './jetstream.server';
import { NatsConnectionHolder } from './nats-connection';

const stream = uniqueName('LAG');
const subject = `${stream}.work`;
let started = 0;
let release: () => void = () => undefined;
const released = new Promise<void>((resolve) => { release = resolve; });

@Controller()
class GatedController {
  // One at a time, each held until the test lets go: the backlog stands still while it is read.
  @EventPattern(subject, { stream, durable: 'gated', concurrency: 1 })
  async work(): Promise<void> {
    started += 1;
    await released;
  }
}

@Module({ controllers: [GatedController] })
class GatedModule {}

/** The series of the gauge for our consumer, as a scrape shows them. */
async function backlog(registry: MetricsRegistry): Promise<Record<string, number>> {
  const { values } = await (registry.getSingleMetric('cofounder_messaging_consumer_pending')!).get();
  return Object.fromEntries(values.filter((v) => v.labels.stream === stream && v.labels.consumer === 'gated').map((v) => [v.labels.state, v.value]));
}

describe('cofounder_messaging_consumer_pending', () => {
  // A server of this file's own, so that the test can take it away.
  let server: PrivateNatsServer;
  let nats: NatsConnectionHolder;
  let app: INestMicroservice;
  const registry = new MetricsRegistry();

  beforeAll(async () => {
    server = await PrivateNatsServer.start();
    nats = new NatsConnectionHolder();
    await nats.connect(server.url, 'lag-test');
    await nats.jsm.streams.add({ name: stream, subjects: [`${stream}.>`], retention: RetentionPolicy.Workqueue, storage: StorageType.Memory });
    const publisher = new JetStreamPublisher(nats);
    for (const id of ['a', 'b', 'c']) await publisher.publish(subject, { id }, id);
    const moduleRef = await Test.createTestingModule({ imports: [GatedModule] }).compile();
    const consumerLag = new ConsumerLag(nats, registry);
    app = moduleRef.createNestMicroservice({ strategy: new JetStreamServer(nats, { queue: stream, ackWaitMs: 5_000, maxDeliver: 3, consumerLag }) });
    await app.listen();
  });

  afterAll(async () => {
    release();
    // The server is gone by now: close the connection rather than drain it, then stop the app.
    await nats.nc.close();
    await app.close();
    await server.stop();
  });

  it('reports the backlog of the durable the transport consumes, delivered and not', async () => {
    await waitFor(() => (started === 1 ? true : undefined), 'the first message in hand');
    expect(await backlog(registry)).toEqual({ undelivered: 2, unacked: 1 });
    release();
    await waitFor(async () => {
      const now = await backlog(registry);
      return now.undelivered === 0 && now.unacked === 0 ? now : undefined;
    }, 'the backlog worked off');
    expect(started).toBe(3);
  });

  it('answers a scrape promptly while NATS is away, without a stale figure', async () => {
    await server.stop();
    const began = performance.now();
    const text = await registry.metrics();
    expect(performance.now() - began).toBeLessThan(CONSUMER_INFO_TIMEOUT_MS + 1_000);
    expect(text).not.toContain(`consumer="gated"`);
    expect(text).toContain('cofounder_process_');
  });
});
