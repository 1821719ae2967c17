import { Test } from '@nestjs/testing';
import { KV } from '@nats-io/kv';
import { Clock, CofounderConfig, ConfigModule, loadConfig, ManualClock } from '@cofounder/config';
import { NatsConnectionHolder } from '@cofounder/messaging';
import { connectTestNats, uniqueName } from '../../../../test/support/test-nats';
import { BUNDLED_CONFIG, testEnvironment } from '../../../../test/support/test-environment';
import { waitFor } from '../../../../test/support/wait-for';
import { LEADER_BUCKET, LeaderLock } from './leader-lock';

const LEASE_MS = 600;
const bundled = loadConfig(BUNDLED_CONFIG);
const shortLease: CofounderConfig = { ...bundled, time: { ...bundled.time, leaseMs: LEASE_MS } };

interface Instance {
  lock: LeaderLock;
  nats: NatsConnectionHolder;
  /** A graceful shutdown, as on SIGTERM: the lock is released, then the connection drained. */
  stop(): Promise<void>;
}

describe('LeaderLock against a real NATS server', () => {
  // Each bucket is this file's own: the TTL (the lease) is fixed when a bucket is created.
  const leaseBucket = uniqueName('LEADER');
  const markerBucket = uniqueName('LEADER');
  let admin: NatsConnectionHolder;
  let leaseKv: KV;
  let markerKv: KV;
  const started: Instance[] = [];

  async function startInstance(name: string, bucket = leaseBucket, clock?: Clock): Promise<Instance> {
    const nats = await connectTestNats(name);
    let builder = Test.createTestingModule({
      imports: [ConfigModule.forRoot(testEnvironment())],
      providers: [LeaderLock, { provide: NatsConnectionHolder, useValue: nats }, { provide: LEADER_BUCKET, useValue: bucket }],
    }).overrideProvider(CofounderConfig).useValue(shortLease);
    if (clock) builder = builder.overrideProvider(Clock).useValue(clock);
    const moduleRef = await builder.compile();
    moduleRef.useLogger(['error']);
    await moduleRef.init();
    let stopped: Promise<void> | undefined;
    const instance = { lock: moduleRef.get(LeaderLock), nats, stop: () => (stopped ??= moduleRef.close()) };
    started.push(instance);
    return instance;
  }

  /** Waits until the leader has renewed `renewals` times, checking at every look that exactly one instance leads. */
  async function watchRenewals(instances: Instance[], renewals: number): Promise<number> {
    const first = (await leaseKv.get('leader'))!.revision;
    let violations = 0;
    await waitFor(async () => {
      if (instances.filter((i) => i.lock.isLeader).length !== 1) violations += 1;
      return (await leaseKv.get('leader'))!.revision >= first + renewals ? true : undefined;
    }, `${renewals} renewals`, 10_000);
    return violations;
  }

  beforeAll(async () => {
    admin = await connectTestNats('leader-admin');
    leaseKv = await admin.kvm.create(leaseBucket, { history: 1, ttl: LEASE_MS });
    markerKv = await admin.kvm.create(markerBucket, { history: 1 });
  });

  afterAll(async () => {
    for (const instance of started) await instance.stop();
    await leaseKv.destroy();
    await markerKv.destroy();
    await admin.onApplicationShutdown();
  });

  it('lets exactly one of two instances lead, over more than a lease of renewals', async () => {
    const a = await startInstance('lock-a');
    const b = await startInstance('lock-b');
    expect(a.lock.isLeader).toBe(true);
    expect(b.lock.isLeader).toBe(false);
    // Five renewals at lease/3 span more than a lease: the key never expired under the leader.
    expect(await watchRenewals([a, b], 5)).toBe(0);
    expect(a.lock.isLeader).toBe(true);
    expect((await leaseKv.get('leader'))!.string()).toBe(a.lock.instanceId);
  });

  it('hands over when the leader stops: the key is deleted, not left to expire', async () => {
    const [a, b] = started;
    await a.stop();
    const entry = await leaseKv.get('leader');
    expect(entry === null || entry.operation === 'DEL' || entry.string() === b.lock.instanceId).toBe(true);
    await waitFor(() => (b.lock.isLeader ? true : undefined), 'the standby to lead', 5_000);
    expect(a.lock.isLeader).toBe(false);
    expect((await leaseKv.get('leader'))!.string()).toBe(b.lock.instanceId);
  });

  it('takes over from a leader that died without a word once its key expires', async () => {
    const [, b] = started;
    const c = await startInstance('lock-c');
    expect(c.lock.isLeader).toBe(false);
    // A dead process: no release, no more renewals.
    await b.nats.nc.close();
    await waitFor(() => (c.lock.isLeader ? true : undefined), 'the standby to lead after the TTL', 10_000);
    expect(b.lock.isLeader).toBe(false);
    expect(await watchRenewals([b, c], 3)).toBe(0);
  });

  it.each([
    ['deleted', (kv: KV) => kv.delete('leader')],
    ['purged', (kv: KV) => kv.purge('leader')],
  ])('counts a %s key as free', async (_how, remove) => {
    await markerKv.put('leader', 'an instance gone long ago');
    await remove(markerKv);
    expect((await markerKv.get('leader'))!.operation).not.toBe('PUT');
    const d = await startInstance('lock-d', markerBucket);
    expect(d.lock.isLeader).toBe(true);
    expect((await markerKv.get('leader'))!.string()).toBe(d.lock.instanceId);
    await d.stop();
  });

  it('stops counting itself leader when its last renewal is a lease old, until it renews', async () => {
    const clock = new ManualClock(new Date('2025-01-01T00:00:00Z'));
    const e = await startInstance('lock-e', markerBucket, clock);
    expect(e.lock.isLeader).toBe(true);
    clock.advance(LEASE_MS);
    expect(e.lock.isLeader).toBe(false);
    await waitFor(() => (e.lock.isLeader ? true : undefined), 'the next renewal', 5_000);
    await e.stop();
  });
});
