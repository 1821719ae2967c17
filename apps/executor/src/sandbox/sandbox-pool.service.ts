import { Injectable, Logger } from '@nestjs/common';
import { Conflict, NotFound } from '@cofounder/contracts';
import { SandboxRegistry } from '../registry/sandbox-registry.repository';
import { SandboxRecordEntity } from '../registry/sandbox-record.entity';
import { Sandbox } from './sandbox';
import { SandboxProvider } from './sandbox-provider';

/** Sandboxes kept open in this process; the oldest is forgotten (not killed) beyond this. */
const MAX_OPEN = 500;

/** Finds a run's sandbox for its owner: registers it on first use, creates it, or connects. */
@Injectable()
export class SandboxPool {
  private readonly log = new Logger(SandboxPool.name);
  private readonly open = new Map<string, Promise<Sandbox>>();
  /** A run's owner never changes: once checked against the registry, later calls skip it. */
  private readonly owners = new Map<string, string>();

  constructor(private readonly registry: SandboxRegistry, private readonly provider: SandboxProvider) {}

  /** Throws NotFound for a run of another owner, with the words used for a run that does not exist. */
  async forRun(runId: string, ownerId: string): Promise<Sandbox> {
    const knownOwner = this.owners.get(runId);
    if (knownOwner !== undefined && knownOwner !== ownerId) throw new NotFound(`run ${runId} not found`);
    const opened = knownOwner === ownerId ? this.open.get(runId) : undefined;
    if (opened) return opened;
    const record = await this.registry.claim(runId, ownerId, this.provider.name);
    if (!record) throw new NotFound(`run ${runId} not found`);
    if (record.provider !== this.provider.name) {
      throw new Conflict(`the sandbox of run ${runId} is on the ${record.provider} provider; this executor uses ${this.provider.name}`);
    }
    this.owners.set(runId, ownerId);
    if (this.owners.size > MAX_OPEN) this.owners.delete(this.owners.keys().next().value as string);
    let sandbox = this.open.get(runId);
    if (!sandbox) {
      sandbox = this.openSandbox(record);
      this.remember(runId, sandbox);
    }
    return sandbox;
  }

  private remember(runId: string, sandbox: Promise<Sandbox>): void {
    this.open.set(runId, sandbox);
    sandbox.catch(() => {
      if (this.open.get(runId) === sandbox) this.open.delete(runId);
    });
    if (this.open.size > MAX_OPEN) this.open.delete(this.open.keys().next().value as string);
  }

  private async openSandbox(record: SandboxRecordEntity): Promise<Sandbox> {
    if (record.providerSandboxId) return this.provider.connect(record.providerSandboxId);
    const made = await this.provider.create(record.runId);
    const stored = await this.registry.attach(record.runId, record.ownerId, made.id);
    if (stored === made.id) {
      this.log.log({ msg: 'sandbox created', runId: record.runId, provider: this.provider.name, sandboxId: made.id });
      return made;
    }
    // Another instance made the run's sandbox first: use that one, drop ours.
    await made.kill();
    return this.provider.connect(stored);
  }
}
