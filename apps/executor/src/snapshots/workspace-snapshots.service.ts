import { Injectable, Logger } from '@nestjs/common';
import { Clock, CofounderConfig } from '@cofounder/config';
import { NotFound, SnapshotReason } from '@cofounder/contracts';
import { COFOUNDER_FOLDER, Sandbox } from '../sandbox/sandbox';
import { ManifestBuilder, SnapshotManifest } from './snapshot-manifest';
import { PruningPolicy, snapshotsToDelete } from './snapshot-pruning';
import { SnapshotEntity } from './snapshot.entity';
import { SnapshotRepository } from './snapshot.repository';
import { SnapshotStore } from './snapshot-store';

export interface SnapshotRef {
  seq: number;
  /** `<runId>/<seq>` in the store; the manifest is `<objectName>.manifest.json`. */
  objectName: string;
  /** The stored archive's size (gzip'd). */
  bytes: number;
  files: number;
  takenAt: Date;
  reason: SnapshotReason;
}

/** An executor that died while writing left this; nothing takes an hour to write. */
const WRITING_ABANDONED_MS = 3_600_000;
/** Runs looked at per sweep; the next sweep goes on. */
const PRUNE_BATCH = 200;

/**
 * A run's workspace snapshots: taken from any sandbox as a gzip'd tar streamed to the store
 * with a manifest made on the way, the latest restored into a sandbox, and old ones pruned
 * (the newest `snapshotsKept` of a run kept; all of a run ended longer ago than
 * `snapshotRetentionMs` deleted; see SnapshotPruningSweep).
 */
@Injectable()
export class WorkspaceSnapshots {
  private readonly log = new Logger(WorkspaceSnapshots.name);

  constructor(
    private readonly store: SnapshotStore,
    private readonly snapshots: SnapshotRepository,
    private readonly config: CofounderConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Stores the sandbox's workspace as the run's next snapshot. It is registered as complete
   * only once the archive and its manifest are both stored; a failure deletes what was written
   * and leaves the previous snapshot the latest.
   */
  async take(runId: string, ownerId: string, sandbox: Sandbox, reason: SnapshotReason): Promise<SnapshotRef> {
    const reserved = await this.snapshots.reserve(runId, ownerId, reason, this.clock.now());
    if (!reserved) throw new NotFound(`run ${runId} not found`);
    let ref: SnapshotRef;
    try {
      ref = await this.write(reserved, sandbox);
    } catch (err) {
      await this.discard(reserved);
      throw err;
    }
    await this.pruneRun(runId, ownerId).catch((err: unknown) => {
      // The snapshot is stored; what was not deleted now, the sweep deletes later.
      this.log.warn({ msg: 'snapshot pruning after take failed', runId, error: String(err) });
    });
    return ref;
  }

  async latest(runId: string, ownerId: string): Promise<SnapshotRef | null> {
    const snapshot = await this.snapshots.latest(runId, ownerId);
    return snapshot && refOf(snapshot);
  }

  /** Replaces the sandbox's workspace with the latest snapshot; null when the run has none. */
  async restoreLatest(runId: string, ownerId: string, sandbox: Sandbox): Promise<SnapshotRef | null> {
    const snapshot = await this.snapshots.latest(runId, ownerId);
    return snapshot && this.restoreInto(snapshot, sandbox);
  }

  /** Replaces the sandbox's workspace with one snapshot of the run; NotFound when it is not kept. */
  async restore(runId: string, ownerId: string, sandbox: Sandbox, seq: number): Promise<SnapshotRef> {
    const snapshot = await this.snapshots.find(runId, ownerId, seq);
    if (!snapshot) throw new NotFound(`snapshot ${seq} of run ${runId} not found`);
    return this.restoreInto(snapshot, sandbox);
  }

  async manifest(runId: string, ownerId: string, seq: number): Promise<SnapshotManifest> {
    const snapshot = await this.snapshots.find(runId, ownerId, seq);
    if (!snapshot) throw new NotFound(`snapshot ${seq} of run ${runId} not found`);
    const chunks: Buffer[] = [];
    for await (const chunk of await this.store.get(snapshot.manifestObjectName)) chunks.push(Buffer.from(chunk));
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as SnapshotManifest;
  }

  /** From `at`, the run's snapshots are kept `snapshotRetentionMs`, then deleted. */
  markRunEnded(runId: string, ownerId: string, at: Date): Promise<void> {
    return this.snapshots.markRunEnded(runId, ownerId, at);
  }

  /** Deletes what the rules say may go (see snapshotsToDelete); returns how many snapshots. */
  async prune(now: Date): Promise<number> {
    const policy = this.policy();
    const candidates = await this.snapshots.pruneCandidates(
      new Date(now.getTime() - policy.retentionMs), policy.kept, new Date(now.getTime() - policy.abandonedAfterMs), PRUNE_BATCH,
    );
    let deleted = 0;
    for (const { runId, ownerId } of candidates) deleted += await this.pruneRun(runId, ownerId, now);
    return deleted;
  }

  private async restoreInto(snapshot: SnapshotEntity, sandbox: Sandbox): Promise<SnapshotRef> {
    await sandbox.importWorkspace(await this.store.get(snapshot.objectName));
    return refOf(snapshot);
  }

  private async write(reserved: SnapshotEntity, sandbox: Sandbox): Promise<SnapshotRef> {
    const manifests = new ManifestBuilder();
    let manifest: SnapshotManifest | undefined;
    const archive = sandbox.exportWorkspace([...this.config.sandbox.snapshotExclude, COFOUNDER_FOLDER]);
    // The manifest is finished inside the stream, so an archive it refuses fails the put itself.
    async function* listed(): AsyncIterable<Uint8Array> {
      for await (const chunk of archive) {
        await manifests.write(chunk);
        yield chunk;
      }
      manifest = await manifests.finish();
    }
    const { bytes } = await this.store.put(reserved.objectName, listed());
    if (!manifest) throw new Error(`the archive of ${reserved.objectName} ended without its manifest`);
    await this.store.put(reserved.manifestObjectName, once(Buffer.from(JSON.stringify(manifest))));
    const takenAt = this.clock.now();
    await this.snapshots.complete(reserved.runId, reserved.ownerId, reserved.seq, { bytes, files: manifest.files, takenAt });
    return { seq: reserved.seq, objectName: reserved.objectName, bytes, files: manifest.files, takenAt, reason: reserved.reason };
  }

  /**
   * Objects first, then the row (the reverse could leak objects no row names). Never throws:
   * it runs while another error is on its way up, and what it cannot delete stays 'writing',
   * never restored, until the sweep deletes it as abandoned.
   */
  private async discard(snapshot: SnapshotEntity): Promise<void> {
    const deleted = await Promise.allSettled([this.store.delete(snapshot.objectName), this.store.delete(snapshot.manifestObjectName)]);
    if (deleted.some((d) => d.status === 'rejected')) return;
    await Promise.allSettled([this.snapshots.remove(snapshot.runId, snapshot.ownerId, snapshot.seq)]);
  }

  private async pruneRun(runId: string, ownerId: string, now = this.clock.now()): Promise<number> {
    const run = await this.snapshots.forRun(runId, ownerId);
    if (!run) return 0;
    const doomed = new Set(snapshotsToDelete(run.snapshots, run.endedAt, now, this.policy()));
    const victims = run.snapshots.filter((s) => doomed.has(s.seq));
    for (const snapshot of victims) {
      await this.store.delete(snapshot.objectName);
      await this.store.delete(snapshot.manifestObjectName);
      await this.snapshots.remove(runId, ownerId, snapshot.seq);
    }
    return victims.length;
  }

  private policy(): PruningPolicy {
    const { snapshotsKept, snapshotRetentionMs } = this.config.sandbox;
    return { kept: snapshotsKept, retentionMs: snapshotRetentionMs, abandonedAfterMs: WRITING_ABANDONED_MS };
  }
}

function refOf(s: SnapshotEntity): SnapshotRef {
  return { seq: s.seq, objectName: s.objectName, bytes: s.bytes ?? 0, files: s.files ?? 0, takenAt: s.takenAt ?? s.startedAt, reason: s.reason };
}

async function* once(data: Uint8Array): AsyncIterable<Uint8Array> {
  yield data;
}
