import { createHash } from 'node:crypto';
import { StorageType } from '@nats-io/jetstream';
import { ObjectStore, Objm } from '@nats-io/obj';
import { NatsConnectionHolder } from '@cofounder/messaging';
import { SnapshotCorrupt, SnapshotObjectMissing } from './snapshot-errors';
import { SnapshotStore } from './snapshot-store';

/** Chunks pulled at once when reading: bounds a read's memory to a few of the store's 128 KB chunks. */
const READ_BATCH = 8;
const DIGEST_PREFIX = 'SHA-256=';

/**
 * Snapshots in a JetStream object store bucket (file storage), created on first use: only
 * the executor needs it, so other services' start-up provisioning does not carry it.
 *
 * Writes go through the library's put, which pulls from the stream chunk by chunk and
 * publishes only after each previous chunk is acknowledged. Reads do not use its get: that
 * pushes chunks into an unbounded queue as fast as the server sends them, so a slow restore
 * would hold the whole object. They pull the chunks in small batches from an ordered
 * consumer instead, and check the digest as the library does.
 */
export class JetStreamSnapshotStore extends SnapshotStore {
  private bucket?: Promise<ObjectStore>;

  constructor(private readonly nats: NatsConnectionHolder, private readonly bucketName: string) {
    super();
  }

  async put(name: string, data: AsyncIterable<Uint8Array>): Promise<{ bytes: number }> {
    const info = await (await this.store()).put({ name }, toReadableStream(data));
    return { bytes: info.size };
  }

  async get(name: string): Promise<AsyncIterable<Uint8Array>> {
    const info = await (await this.store()).info(name);
    if (!info || info.deleted) throw new SnapshotObjectMissing(name);
    return this.chunks(name, info.nuid, info.chunks, info.digest);
  }

  async delete(name: string): Promise<void> {
    await (await this.store()).delete(name);
  }

  async list(prefix: string): Promise<string[]> {
    const entries = await (await this.store()).list();
    return entries.filter((e) => !e.deleted && e.name.startsWith(prefix)).map((e) => e.name);
  }

  /** Removes the bucket and everything in it (tests). */
  async destroy(): Promise<void> {
    await (await this.store()).destroy();
    this.bucket = undefined;
  }

  private async *chunks(name: string, nuid: string, count: number, digest: string): AsyncIterable<Uint8Array> {
    const hash = createHash('sha256');
    if (count > 0) {
      const consumer = await this.nats.js.consumers.get(`OBJ_${this.bucketName}`, { filter_subjects: `$O.${this.bucketName}.C.${nuid}` });
      const messages = await consumer.consume({ max_messages: READ_BATCH });
      try {
        let seen = 0;
        for await (const message of messages) {
          hash.update(message.data);
          yield message.data;
          seen += 1;
          if (seen === count) break;
        }
      } finally {
        messages.stop();
      }
    }
    const computed = hash.digest('base64url');
    const expected = digest.startsWith(DIGEST_PREFIX) ? digest.slice(DIGEST_PREFIX.length).replace(/=+$/, '') : '';
    if (computed !== expected) throw new SnapshotCorrupt(name, `digest ${computed}, stored ${digest}`);
  }

  private store(): Promise<ObjectStore> {
    this.bucket ??= new Objm(this.nats.nc).create(this.bucketName, { storage: StorageType.File }).catch((err: unknown) => {
      this.bucket = undefined; // the next call tries again
      throw err;
    });
    return this.bucket;
  }
}

/** A pull-driven web stream over an async iterable: the store reads only as fast as it writes. */
function toReadableStream(data: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = data[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  }, { highWaterMark: 0 });
}
