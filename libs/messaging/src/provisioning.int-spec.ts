import { RetentionPolicy } from '@nats-io/jetstream';
import { connectTestNats, uniqueName } from '../../../test/support/test-nats';
import { NatsConnectionHolder } from './nats-connection';
import { provisionMessaging } from './provisioning';

describe('provisionMessaging against a real NATS server', () => {
  let nats: NatsConnectionHolder;
  const prefix = `${uniqueName('P')}_`;
  const opts = { prefix, eventsMaxAgeDays: 14, leaseMs: 30_000 };

  beforeAll(async () => {
    nats = await connectTestNats('provisioning-test');
  });
  afterAll(async () => {
    for (const name of ['RUNS', 'EVENTS', 'USAGE', 'KV_' + prefix + 'RUN_STATE', 'KV_' + prefix + 'SCHEDULER_LEADER']) {
      await nats.jsm.streams.delete(name.startsWith('KV_') ? name : `${prefix}${name}`).catch(() => undefined);
    }
    await nats.onApplicationShutdown();
  });

  it('creates the streams and buckets, and running it again changes nothing', async () => {
    await provisionMessaging(nats.jsm, nats.kvm, opts);
    await provisionMessaging(nats.jsm, nats.kvm, opts);
    const runs = await nats.jsm.streams.info(`${prefix}RUNS`);
    expect(runs.config.retention).toBe(RetentionPolicy.Workqueue);
    expect((await nats.jsm.streams.info(`${prefix}EVENTS`)).config.retention).toBe(RetentionPolicy.Limits);
    expect((await nats.jsm.streams.info(`${prefix}USAGE`)).config.subjects).toEqual([`${prefix}usage.>`]);
    const kv = await nats.kvm.open(`${prefix}RUN_STATE`);
    await kv.put('run-1', '{"status":"running"}');
    await provisionMessaging(nats.jsm, nats.kvm, opts);
    expect((await kv.get('run-1'))?.string()).toBe('{"status":"running"}');
  });
});
