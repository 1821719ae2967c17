import { Injectable } from '@nestjs/common';
import { KV } from '@nats-io/kv';
import { Buckets, RunStatus } from '@cofounder/contracts';
import { NatsConnectionHolder } from './nats-connection';

/** Small hot state of a run, for fast reads by any service; the full record lives in PostgreSQL. */
export interface RunStateEntry {
  status: RunStatus;
  ownerId: string;
  lastActivityAt: string;
}

@Injectable()
export class RunStateStore {
  private bucket?: Promise<KV>;

  constructor(private readonly nats: NatsConnectionHolder) {}

  private kv(): Promise<KV> {
    this.bucket ??= this.nats.kvm.open(Buckets.RUN_STATE);
    return this.bucket;
  }

  async put(runId: string, entry: RunStateEntry): Promise<void> {
    await (await this.kv()).put(runId, JSON.stringify(entry));
  }

  async get(runId: string): Promise<RunStateEntry | null> {
    const entry = await (await this.kv()).get(runId);
    return entry && entry.value.length ? (entry.json() as RunStateEntry) : null;
  }
}
