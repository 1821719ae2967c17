import { JetStreamApiError, JetStreamManager, RetentionPolicy, StorageType, StreamConfig } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { nanos } from '@nats-io/transport-node';
import { Buckets, Streams } from '@cofounder/contracts';

export interface ProvisioningOptions {
  /** Prefix for stream and bucket names: tests give each run its own world. */
  prefix?: string;
  eventsMaxAgeDays: number;
  /** 10 minutes when not given. */
  eventsDuplicateWindowMs?: number;
  leaseMs: number;
}

const DAY_MS = 86_400_000;

export type NamedStreamConfig = Partial<StreamConfig> & { name: string };

export function streamConfigs(opts: ProvisioningOptions): NamedStreamConfig[] {
  const p = opts.prefix ?? '';
  return [
    {
      name: `${p}${Streams.RUNS}`,
      subjects: [`${p}run.>`],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: nanos(10 * 60_000),
    },
    {
      name: `${p}${Streams.EVENTS}`,
      subjects: [`${p}evt.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: nanos(opts.eventsMaxAgeDays * DAY_MS),
      // A step redone soon after a crash republishes the same event ids; this window drops them cheaply.
      // Past it, the publisher's own record of what it published keeps each event once (publish-once.ts).
      duplicate_window: nanos(opts.eventsDuplicateWindowMs ?? 10 * 60_000),
    },
    {
      name: `${p}${Streams.USAGE}`,
      subjects: [`${p}usage.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: nanos(30 * DAY_MS),
      duplicate_window: nanos(60 * 60_000),
    },
  ];
}

export async function ensureStream(jsm: JetStreamManager, config: NamedStreamConfig, tries = 3): Promise<void> {
  try {
    await jsm.streams.info(config.name);
    // Retention cannot change on a live stream; the rest is brought up to date.
    const { retention: _retention, storage: _storage, ...mutable } = config;
    await jsm.streams.update(config.name, mutable);
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.status === 404)) throw err;
    try {
      await jsm.streams.add(config);
    } catch (addErr) {
      // Every service provisions at its start: another may have made the stream between our look and our
      // add ("already in use", "subjects overlap"). Look again rather than fail the start.
      if (tries > 1 && addErr instanceof JetStreamApiError) return ensureStream(jsm, config, tries - 1);
      throw addErr;
    }
  }
}

/** Creates or updates the streams and buckets; safe to run from every service at every start. */
export async function provisionMessaging(jsm: JetStreamManager, kvm: Kvm, opts: ProvisioningOptions): Promise<void> {
  for (const config of streamConfigs(opts)) await ensureStream(jsm, config);
  const p = opts.prefix ?? '';
  await kvm.create(`${p}${Buckets.RUN_STATE}`, { history: 1, storage: StorageType.File, maxValueSize: 10_240 });
  await kvm.create(`${p}${Buckets.SCHEDULER_LEADER}`, { history: 1, ttl: opts.leaseMs });
}
