import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Conflict } from '@cofounder/contracts';
import { OwnedRun, SandboxRegistry } from '../registry/sandbox-registry.repository';
import { SandboxRecordEntity } from '../registry/sandbox-record.entity';
import { Sandbox } from '../sandbox/sandbox';
import { SandboxGone } from '../sandbox/sandbox-errors';
import { SandboxProvider } from '../sandbox/sandbox-provider';
import { SnapshotRef, WorkspaceSnapshots } from '../snapshots/workspace-snapshots.service';
import { readSentinel, writeSentinel } from './session-sentinel';
import { WorkspaceRestoredAnnouncer } from './workspace-restored.announcer';

export interface OpenedSandbox {
  sandbox: Sandbox;
  /** Set when the workspace was gone or not the run's: the snapshot it came back from (null: none existed). */
  recovered?: { snapshot: SnapshotRef | null };
}

/**
 * Makes a run's sandbox, or finds it again and checks that its workspace is the run's: the
 * sentinel must hold the awake period the registry recorded. A sandbox the provider lost, or
 * a workspace wiped or swapped, comes back from the run's last snapshot, and the founder is told.
 */
@Injectable()
export class SandboxOpener {
  private readonly log = new Logger(SandboxOpener.name);

  constructor(
    private readonly provider: SandboxProvider,
    private readonly registry: SandboxRegistry,
    private readonly snapshots: WorkspaceSnapshots,
    private readonly announcer: WorkspaceRestoredAnnouncer,
  ) {}

  /**
   * The run's sandbox as registered. `newSession` starts a new awake period (a resume): the
   * sentinel is checked first, then rewritten.
   */
  async open(record: SandboxRecordEntity, opts: { newSession: boolean }): Promise<OpenedSandbox> {
    if (!record.providerSandboxId) return { sandbox: await this.createFirst(record) };
    for (let attempt = 0; ; attempt += 1) {
      const opened = await this.reconnect(record, opts.newSession);
      if (opened) return opened;
      // Another instance started a session meanwhile: check again against what it recorded.
      if (attempt === 2) throw new Error(`the sandbox of run ${record.runId} keeps changing hands`);
      record = (await this.registry.find(record))!;
    }
  }

  private async createFirst(record: SandboxRecordEntity): Promise<Sandbox> {
    const made = await this.provider.create(record.runId);
    const sessionId = randomUUID();
    await writeSentinel(made, sessionId);
    const stored = await this.registry.attach(record, made.id, sessionId);
    if (stored.sessionId === sessionId) {
      this.log.log({ msg: 'sandbox created', runId: record.runId, provider: this.provider.name, sandboxId: made.id });
      return made;
    }
    // Another instance made the run's sandbox first: use that one. Ours is dropped, or, where
    // the provider gave both the same one (a local folder), given back the winner's sentinel.
    if (stored.providerSandboxId === made.id) await writeSentinel(made, stored.sessionId!);
    else await made.kill();
    const opened = await this.open(stored, { newSession: false });
    return opened.sandbox;
  }

  /** Null when another instance changed the session between our check and our write. */
  private async reconnect(record: SandboxRecordEntity, newSession: boolean): Promise<OpenedSandbox | null> {
    const sandbox = await this.connect(record.providerSandboxId!);
    const found = sandbox ? await readSentinel(sandbox) : null;
    // A sandbox registered before sentinels existed has none recorded: adopt it as it is.
    if (sandbox && (record.sessionId === null || found === record.sessionId)) {
      if (!newSession && record.sessionId !== null) return { sandbox };
      return (await this.startSession(record, sandbox)) ? { sandbox } : null;
    }
    this.log.warn({ msg: 'workspace missing or not the run\'s; restoring the last snapshot', runId: record.runId, sandboxGone: !sandbox });
    const fresh = sandbox ?? await this.provider.create(record.runId);
    const snapshot = await this.snapshots.restoreLatest(record.runId, record.ownerId, fresh);
    const sessionId = await this.startSession(record, fresh);
    if (!sessionId) return null;
    await this.announcer.announce(record, sessionId, snapshot?.takenAt ?? null);
    return { sandbox: fresh, recovered: { snapshot } };
  }

  /**
   * Puts a snapshot of the run (the latest unless `seq` names one) into its sandbox, and starts a
   * new awake period: snapshots hold no sentinel, so the workspace gets the new one.
   */
  async restore(record: SandboxRecordEntity, sandbox: Sandbox, seq?: number): Promise<SnapshotRef | null> {
    const snapshot = seq === undefined
      ? await this.snapshots.restoreLatest(record.runId, record.ownerId, sandbox)
      : await this.snapshots.restore(record.runId, record.ownerId, sandbox, seq);
    if (snapshot && !(await this.startSession(record, sandbox))) {
      throw new Conflict(`the sandbox of run ${record.runId} was resumed elsewhere meanwhile; ask again`);
    }
    return snapshot;
  }

  private async connect(sandboxId: string): Promise<Sandbox | null> {
    try {
      return await this.provider.connect(sandboxId);
    } catch (err) {
      if (err instanceof SandboxGone) return null;
      throw err;
    }
  }

  /** Writes the new period's sentinel, then records it; returns its id, or null if another instance won. */
  private async startSession(run: OwnedRun & { sessionId: string | null }, sandbox: Sandbox): Promise<string | null> {
    const sessionId = randomUUID();
    await writeSentinel(sandbox, sessionId);
    const won = await this.registry.startSession(run, run.sessionId, { providerSandboxId: sandbox.id, sessionId });
    return won ? sessionId : null;
  }
}
