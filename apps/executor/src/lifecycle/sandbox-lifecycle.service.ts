import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { Conflict, NotFound, SandboxReplyV1, SnapshotReason, SnapshotRefV1 } from '@cofounder/contracts';
import { OwnedRun, SandboxRegistry } from '../registry/sandbox-registry.repository';
import { SandboxPool } from '../sandbox/sandbox-pool.service';
import { SandboxProvider } from '../sandbox/sandbox-provider';
import { SandboxOpener } from '../sessions/sandbox-opener.service';
import { ToolCallRepository } from '../tool-calls/tool-call.repository';
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
    private readonly opener: SandboxOpener,
    private readonly provider: SandboxProvider,
    private readonly toolCalls: ToolCallRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Commands stopped, then the snapshot (nothing written before the pause is missed), then the
   * pause; pausing twice is pausing once.
   */
  async pause(run: OwnedRun): Promise<SandboxReplyV1> {
    const record = await this.pool.record(run);
    if (record.status === 'killed') throw new Conflict(`the sandbox of run ${run.runId} was removed`);
    if (record.status === 'paused') return this.reply('paused', record.providerSandboxId, await this.snapshots.latest(run.runId, run.ownerId));
    const sandbox = await this.pool.forRun(run.runId, run.ownerId);
    await sandbox.stopCommands();
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

  /** Asked after most turns: two reads decide, and a sandbox is only opened when a snapshot is due. */
  async snapshot(run: OwnedRun, reason: SnapshotReason, ifOlderThanMs?: number): Promise<SandboxReplyV1> {
    const [record, latest] = await Promise.all([this.registry.find(run), this.snapshots.latest(run.runId, run.ownerId)]);
    if (!record) throw new NotFound(`run ${run.runId} not found`);
    // A paused or removed sandbox has not changed since the snapshot its pause or kill took.
    if (record.status === 'paused' || record.status === 'killed') return this.reply(record.status, record.providerSandboxId, latest);
    if (ifOlderThanMs !== undefined && latest && this.clock.now().getTime() - latest.takenAt.getTime() < ifOlderThanMs) {
      return this.reply('active', record.providerSandboxId, latest);
    }
    const sandbox = await this.pool.forRun(run.runId, run.ownerId);
    return this.reply('active', sandbox.id, await this.snapshots.take(run.runId, run.ownerId, sandbox, reason));
  }

  /** Puts the workspace back as a snapshot had it (the latest unless `seq` names one), in a new awake period. */
  async restore(run: OwnedRun, seq?: number): Promise<SandboxReplyV1> {
    const record = await this.pool.record(run);
    if (record.status === 'killed') throw new Conflict(`the sandbox of run ${run.runId} was removed`);
    const sandbox = await this.pool.forRun(run.runId, run.ownerId);
    const snapshot = await this.opener.restore((await this.registry.find(run))!, sandbox, seq);
    if (!snapshot) throw new NotFound(`run ${run.runId} has no snapshot to restore`);
    return this.reply('active', sandbox.id, snapshot, true);
  }

  /**
   * The run is over: a last snapshot when the sandbox is there to take it from (kept for the
   * retention time), then the sandbox ended without being resumed or restored first, and the
   * run's tool calls forgotten. A last snapshot that fails does not keep the sandbox alive: the
   * one before it stays the latest.
   */
  async kill(run: OwnedRun): Promise<SandboxReplyV1> {
    const record = await this.pool.record(run);
    if (record.status === 'killed') return this.reply('killed', record.providerSandboxId, await this.snapshots.latest(run.runId, run.ownerId));
    this.pool.forget(run.runId);
    if (record.providerSandboxId) {
      if (record.status === 'active') await this.takeLastSnapshot(run, record.providerSandboxId);
      await this.provider.destroy(record.providerSandboxId);
    }
    await this.registry.setStatus(run, 'killed');
    await this.snapshots.markRunEnded(run.runId, run.ownerId, this.clock.now());
    await this.toolCalls.forgetRun(run.runId, run.ownerId);
    this.log.log({ msg: 'sandbox killed', runId: run.runId });
    return this.reply('killed', record.providerSandboxId, await this.snapshots.latest(run.runId, run.ownerId));
  }

  private async takeLastSnapshot(run: OwnedRun, sandboxId: string): Promise<void> {
    try {
      const sandbox = await this.provider.connect(sandboxId);
      await sandbox.stopCommands();
      await this.snapshots.take(run.runId, run.ownerId, sandbox, 'kill');
    } catch (err) {
      // Gone, or its workspace cannot be read: nothing more to keep than what is kept.
      this.log.warn({ msg: 'no last snapshot before the kill', runId: run.runId, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private reply(status: SandboxReplyV1['status'], sandboxId: string | null, snapshot: SnapshotRef | null, restored = false): SandboxReplyV1 {
    return { status, sandboxId, snapshot: refOf(snapshot), restored };
  }
}
