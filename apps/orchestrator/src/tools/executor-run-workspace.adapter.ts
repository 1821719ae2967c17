import { Injectable, Logger } from '@nestjs/common';
import { CofounderConfig } from '@cofounder/config';
import { DomainError, SandboxKill, SandboxPause, SandboxResume, SandboxSnapshot } from '@cofounder/contracts';
import { RpcClient } from '@cofounder/messaging';
import { PausedSandbox, RunRecord, RunWorkspace } from '../runs/ports';

/** A pause's or a kill's snapshot of 200 MB takes seconds; this bounds a stuck one, not an ordinary one. */
const RELEASE_TIMEOUT_MS = 120_000;

/** The run's sandbox through the executor's `sandbox.*` subjects. */
@Injectable()
export class ExecutorRunWorkspace extends RunWorkspace {
  private readonly log = new Logger(ExecutorRunWorkspace.name);

  constructor(private readonly rpc: RpcClient, private readonly config: CofounderConfig) {
    super();
  }

  async pause(run: RunRecord): Promise<PausedSandbox> {
    const reply = await this.rpc.request(SandboxPause, { runId: run.id, ownerId: run.ownerId }, { timeoutMs: RELEASE_TIMEOUT_MS });
    return { sandboxId: reply.sandboxId ?? null, snapshot: reply.snapshot ?? null };
  }

  /** A restore from the last snapshot (a lost sandbox) takes as long as a pause's snapshot. */
  async resume(run: RunRecord): Promise<void> {
    await this.rpc.request(SandboxResume, { runId: run.id, ownerId: run.ownerId }, { timeoutMs: RELEASE_TIMEOUT_MS });
  }

  async snapshotAfterChange(run: RunRecord): Promise<void> {
    try {
      await this.rpc.request(SandboxSnapshot, {
        runId: run.id, ownerId: run.ownerId, reason: 'turn', ifOlderThanMs: this.config.sandbox.snapshotEveryMs,
      }, { timeoutMs: this.config.limits.rpcTimeoutMs });
    } catch (err) {
      // The work is in the workspace still; the last snapshot stays the latest until one succeeds. A large
      // one may outlast the wait and still be stored (the next turn's request then finds it recent); an
      // executor that died while taking it must not hold the run up for longer than this wait.
      if (!(err instanceof DomainError)) throw err;
      this.log.warn({ msg: 'periodic snapshot not taken', runId: run.id, code: err.code, error: err.message });
    }
  }

  async release(run: RunRecord): Promise<void> {
    await this.rpc.request(SandboxKill, { runId: run.id, ownerId: run.ownerId }, { timeoutMs: RELEASE_TIMEOUT_MS });
  }
}
