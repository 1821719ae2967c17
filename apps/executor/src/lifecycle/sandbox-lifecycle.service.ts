import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { Conflict, NotFound, SandboxReplyV1, SnapshotReason, SnapshotRefV1 } from '@cofounder/contracts';
import { OwnedRun, SandboxRegistry } from '../registry/sandbox-registry.repository';
import { SandboxPool } from '../sandbox/sandbox-pool.service';
import { SnapshotRef, WorkspaceSnapshots } from '../snapshots/workspace-snapshots.service';

function refOf(snapshot: SnapshotRef | null): SnapshotRefV1 | null {
  return snapshot && { seq: snapshot.seq, takenAt: snapshot.takenAt.toISOString(), bytes: snapshot.bytes, files: snapshot.files };
}

/**
 * What the orchestrator and the scheduler ask of a run's sandbox over `sandbox.*`: pause
 * (after a snapshot), resume (sentinel checked, restored when lost), snapshot, restore, kill.
 * The owner is checked by every call (the pool's registry lookup).
 */
@Injectable()
export class SandboxLifecycle {
  private readonly log = new Logger(SandboxLifecycle.name);

  constructor(
    private readonly pool: SandboxPool,
    private readonly registry: SandboxRegistry,
    private readonly snapshots: WorkspaceSnapshots,
    private readonly clock: Clock,
  ) {}

  /** Snapshot first, so that nothing done before the pause can be lost; pausing twice is pausing once. */
  async pause(run: OwnedRun): Promise<SandboxReplyV1> {
    const record = await this.pool.record(run);
    if (record.status === 'killed') throw new Conflict(`the sandbox of run ${run.runId} was removed`);
    if (record.status === 'paused') return this.reply('paused', record.providerSandboxId, await this.snapshots.latest(run.runId, run.ownerId));
    const sandbox = await this.pool.forRun(run.runId, run.ownerId);
    const snapshot = await this.snapshots.take(run.runId, run.ownerId, sandbox, 'pause');
    await sandbox.pause();
    await this.registry.setStatus(run, 'paused');
    this.pool.forget(run.runId);
    this.log.log({ msg: 'sandbox paused', runId: run.runId, snapshotSeq: snapshot.seq });
    return this.reply('paused', sandbox.id, snapshot);
  }

  /** A new awake period: the sandbox reconnected, its sentinel checked; a lost workspace comes back from the last snapshot. */
  async resume(run: OwnedRun): Promise<SandboxReplyV1> {
    const record = await this.pool.record(run);
    if (record.status === 'killed') throw new Conflict(`the sandbox of run ${run.runId} was removed`);
    const opened = await this.pool.resume(run);
    return this.reply('active', opened.sandbox.id, opened.recovered?.snapshot ?? null, opened.recovered !== undefined);
  }

  async snapshot(run: OwnedRun, reason: SnapshotReason, ifOlderThanMs?: number): Promise<SandboxReplyV1> {
    const record = await this.pool.record(run);
    const latest = await this.snapshots.latest(run.runId, run.ownerId);
    // A paused or removed sandbox has not changed since the snapshot its pause or kill took.
    if (record.status === 'paused' || record.status === 'killed') return this.reply(record.status, record.providerSandboxId, latest);
    if (ifOlderThanMs !== undefined && latest && this.clock.now().getTime() - latest.takenAt.getTime() < ifOlderThanMs) {
      return this.reply('active', record.providerSandboxId, latest);
    }
    const sandbox = await this.pool.forRun(run.runId, run.ownerId);
    return this.reply('active', sandbox.id, await this.snapshots.take(run.runId, run.ownerId, sandbox, reason));
  }

  /** Puts the workspace back as a snapshot had it (the latest unless `seq` names one). */
  async restore(run: OwnedRun, seq?: number): Promise<SandboxReplyV1> {
    const record = await this.pool.record(run);
    if (record.status === 'killed') throw new Conflict(`the sandbox of run ${run.runId} was removed`);
    const sandbox = await this.pool.forRun(run.runId, run.ownerId);
    const snapshot = seq === undefined
      ? await this.snapshots.restoreLatest(run.runId, run.ownerId, sandbox)
      : await this.snapshots.restore(run.runId, run.ownerId, sandbox, seq);
    if (!snapshot) throw new NotFound(`run ${run.runId} has no snapshot to restore`);
    return this.reply('active', sandbox.id, snapshot, true);
  }

  /** The run is over: a last snapshot (kept for the retention time), then the sandbox is gone for good. */
  async kill(run: OwnedRun): Promise<SandboxReplyV1> {
    const record = await this.pool.record(run);
    if (record.status === 'killed') return this.reply('killed', record.providerSandboxId, await this.snapshots.latest(run.runId, run.ownerId));
    let snapshot = await this.snapshots.latest(run.runId, run.ownerId);
    if (record.status !== 'paused' && record.providerSandboxId) {
      const sandbox = await this.pool.forRun(run.runId, run.ownerId);
      snapshot = await this.snapshots.take(run.runId, run.ownerId, sandbox, 'kill');
      await sandbox.kill();
    }
    await this.registry.setStatus(run, 'killed');
    await this.snapshots.markRunEnded(run.runId, run.ownerId, this.clock.now());
    this.pool.forget(run.runId);
    this.log.log({ msg: 'sandbox killed', runId: run.runId });
    return this.reply('killed', record.providerSandboxId, snapshot);
  }

  private reply(status: SandboxReplyV1['status'], sandboxId: string | null, snapshot: SnapshotRef | null, restored = false): SandboxReplyV1 {
    return { status, sandboxId, snapshot: refOf(snapshot), restored };
  }
}
