import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { KV } from '@nats-io/kv';
import { nuid } from '@nats-io/transport-node';
import { Buckets } from '@cofounder/contracts';
import { Clock, CofounderConfig } from '@cofounder/config';
import { NatsConnectionHolder } from '@cofounder/messaging';

/** Overrides the bucket of the lock; tests give each run a bucket with its own short TTL. */
export const LEADER_BUCKET = Symbol('LEADER_BUCKET');

const LEADER_KEY = 'leader';

export type LeaderRole = 'leader' | 'standby';

/** The key's revision moved on without us: someone else holds it, or it expired and was taken. */
function isHeldByAnother(err: unknown): boolean {
  return err instanceof JetStreamApiError
    && (err.code === JetStreamApiCodes.StreamWrongLastSequence || err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);
}

/**
 * One scheduler instance at a time does the scheduler's work. The leader holds the key
 * `leader` in a KV bucket whose TTL is the lease: it renews the key every lease/3, so if it
 * dies the key expires and a standby, trying every lease/3, takes over. A graceful stop
 * deletes the key so the successor does not wait for the TTL.
 */
@Injectable()
export class LeaderLock implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(LeaderLock.name);
  readonly instanceId = `${hostname()}/${process.pid}/${nuid.next()}`;
  private kv?: KV;
  private timer?: NodeJS.Timeout;
  private attempt?: Promise<void>;
  /** Our revision of the key while we hold it. */
  private revision?: number;
  private renewedAt = 0;

  constructor(
    private readonly nats: NatsConnectionHolder,
    private readonly config: CofounderConfig,
    private readonly clock: Clock,
    @Optional() @Inject(LEADER_BUCKET) private readonly bucket: string = Buckets.SCHEDULER_LEADER,
  ) {}

  /** True while we hold the key and renewed it within the lease, so a stalled leader stops acting as one. */
  get isLeader(): boolean {
    return this.revision !== undefined && this.clock.now().getTime() - this.renewedAt < this.config.time.leaseMs;
  }

  get role(): LeaderRole {
    return this.isLeader ? 'leader' : 'standby';
  }

  async onApplicationBootstrap(): Promise<void> {
    this.kv = await this.nats.kvm.open(this.bucket);
    await this.tick();
    this.timer = setInterval(() => void this.tick(), Math.max(1, Math.floor(this.config.time.leaseMs / 3)));
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.attempt;
    await this.release();
  }

  /** One renewal or acquisition at a time: a slow NATS round trip must not overlap the next tick. */
  private tick(): Promise<void> {
    this.attempt ??= (this.revision === undefined ? this.acquire() : this.renew())
      .catch((err) => this.stepDown(err))
      .finally(() => { this.attempt = undefined; });
    return this.attempt;
  }

  private async acquire(): Promise<void> {
    const kv = this.bucketKv();
    try {
      // create() succeeds when the key is absent, expired, or left as a delete/purge marker.
      this.held(await kv.create(LEADER_KEY, this.instanceId));
    } catch (err) {
      if (!isHeldByAnother(err)) throw err;
      // Still ours after a renewal whose answer was lost: take it back rather than wait for the TTL.
      const entry = await kv.get(LEADER_KEY);
      if (entry?.operation === 'PUT' && entry.string() === this.instanceId) {
        this.held(await kv.update(LEADER_KEY, this.instanceId, entry.revision));
      }
    }
  }

  private async renew(): Promise<void> {
    this.held(await this.bucketKv().update(LEADER_KEY, this.instanceId, this.revision!));
  }

  private held(revision: number): void {
    if (this.revision === undefined) this.log.log({ msg: 'became leader', instanceId: this.instanceId, bucket: this.bucket });
    this.revision = revision;
    this.renewedAt = this.clock.now().getTime();
  }

  /** Unsure is not leader: any failure to acquire or renew leaves this instance on standby. */
  private stepDown(err: unknown): void {
    if (this.revision !== undefined) {
      this.log.warn({ msg: 'lost leadership', instanceId: this.instanceId, error: err instanceof Error ? err.message : String(err) });
    } else if (!isHeldByAnother(err)) {
      this.log.warn({ msg: 'could not try for leadership', instanceId: this.instanceId, error: err instanceof Error ? err.message : String(err) });
    }
    this.revision = undefined;
  }

  private async release(): Promise<void> {
    const revision = this.revision;
    if (revision === undefined) return;
    this.revision = undefined;
    try {
      // Only our own revision is deleted: if the key moved on, it belongs to the successor.
      await this.bucketKv().delete(LEADER_KEY, { previousSeq: revision });
      this.log.log({ msg: 'released leadership', instanceId: this.instanceId });
    } catch (err) {
      if (isHeldByAnother(err)) return;
      // Not released: the bucket's TTL frees the key within one lease instead.
      this.log.warn({ msg: 'could not release leadership', instanceId: this.instanceId, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private bucketKv(): KV {
    if (!this.kv) throw new Error('LeaderLock has not started');
    return this.kv;
  }
}
