/**
 * Where snapshot archives and manifests live: the JetStream object store here, S3 in
 * production. Streams both ways; an implementation never holds a whole object.
 */
export abstract class SnapshotStore {
  /**
   * Stores the stream under `name`. Rejects, leaving nothing readable under the name, when
   * the stream fails or the store does.
   */
  abstract put(name: string, data: AsyncIterable<Uint8Array>): Promise<{ bytes: number }>;
  /** The object's bytes as they are read; rejects with SnapshotObjectMissing when there is none. */
  abstract get(name: string): Promise<AsyncIterable<Uint8Array>>;
  /** Nothing to delete is not an error: pruning may repeat after a crash. */
  abstract delete(name: string): Promise<void>;
  /** Names that start with `prefix`: for operators and tests, not for finding snapshots (the table does). */
  abstract list(prefix: string): Promise<string[]>;
}
