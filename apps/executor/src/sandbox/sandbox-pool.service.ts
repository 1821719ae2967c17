import { Injectable } from '@nestjs/common';
import { Conflict, NotFound } from '@cofounder/contracts';
import { OwnedRun, SandboxRegistry } from '../registry/sandbox-registry.repository';
import { SandboxRecordEntity } from '../registry/sandbox-record.entity';
import { OpenedSandbox, SandboxOpener } from '../sessions/sandbox-opener.service';
import { Sandbox } from './sandbox';
import { SandboxProvider } from './sandbox-provider';

/** Sandboxes kept open in this process; the oldest is forgotten (not killed) beyond this. */
const MAX_OPEN = 500;

/**
 * Finds a run's sandbox for its owner: registers it on first use, creates it, or connects and
 * checks it (see SandboxOpener). A paused sandbox is resumed by the call that needs it.
 */
@Injectable()
export class SandboxPool {
  private readonly open = new Map<string, Promise<OpenedSandbox>>();
  /** A run's owner never changes: once checked against the registry, later calls skip it. */
  private readonly owners = new Map<string, string>();

  constructor(
    private readonly registry: SandboxRegistry,
    private readonly provider: SandboxProvider,
    private readonly opener: SandboxOpener,
  ) {}

  /** Throws NotFound for a run of another owner, with the words used for a run that does not exist. */
  async forRun(runId: string, ownerId: string): Promise<Sandbox> {
    return (await this.openFor({ runId, ownerId }, { newSession: false })).sandbox;
  }

  /** A new awake period: the sandbox reconnected (or brought back from its snapshot) and its sentinel rewritten. */
  async resume(run: OwnedRun): Promise<OpenedSandbox> {
    this.forget(run.runId);
    return this.openFor(run, { newSession: true });
  }

  /** The registry's record for the owner; NotFound for anyone else, as for a run that does not exist. */
  async record(run: OwnedRun): Promise<SandboxRecordEntity> {
    const record = await this.registry.claim(run.runId, run.ownerId, this.provider.name);
    if (!record) throw new NotFound(`run ${run.runId} not found`);
    if (record.provider !== this.provider.name) {
      throw new Conflict(`the sandbox of run ${run.runId} is on the ${record.provider} provider; this executor uses ${this.provider.name}`);
    }
    return record;
  }

  /** The next call opens the sandbox again (after a pause or a kill). */
  forget(runId: string): void {
    this.open.delete(runId);
  }

  private async openFor(run: OwnedRun, opts: { newSession: boolean }): Promise<OpenedSandbox> {
    const knownOwner = this.owners.get(run.runId);
    if (knownOwner !== undefined && knownOwner !== run.ownerId) throw new NotFound(`run ${run.runId} not found`);
    const opened = knownOwner === run.ownerId && !opts.newSession ? this.open.get(run.runId) : undefined;
    if (opened) return opened;
    const record = await this.record(run);
    if (record.status === 'killed') throw new Conflict(`the sandbox of run ${run.runId} was removed`);
    this.owners.set(run.runId, run.ownerId);
    if (this.owners.size > MAX_OPEN) this.owners.delete(this.owners.keys().next().value as string);
    let sandbox = this.open.get(run.runId);
    if (!sandbox) {
      sandbox = this.openRecord(record, opts.newSession || record.status === 'paused');
      this.remember(run.runId, sandbox);
    }
    return sandbox;
  }

  private async openRecord(record: SandboxRecordEntity, newSession: boolean): Promise<OpenedSandbox> {
    const opened = await this.opener.open(record, { newSession });
    if (record.status === 'paused') {
      await opened.sandbox.resume();
      await this.registry.setStatus(record, 'active');
    }
    return opened;
  }

  private remember(runId: string, sandbox: Promise<OpenedSandbox>): void {
    this.open.set(runId, sandbox);
    sandbox.catch(() => {
      if (this.open.get(runId) === sandbox) this.open.delete(runId);
    });
    if (this.open.size > MAX_OPEN) this.open.delete(this.open.keys().next().value as string);
  }
}
