import { Clock } from '@cofounder/config';
import { E2bSandboxHandle } from './e2b-sdk';

/** However long the lifetime, it is extended at least this often while the sandbox is used. */
const MAX_EXTEND_INTERVAL_MS = 60_000;

/**
 * e2b ends a sandbox once the timeout given at create, connect or setTimeout has run out,
 * however busy it is: it is a deadline, not an idle time. Each use of a sandbox moves the
 * deadline to `timeoutMs` from then, at most once per interval (one API call, not one per
 * file read), so a sandbox is ended only after it has gone unused for nearly `timeoutMs`.
 * Kept per sandbox id, for every E2bSandbox of that id in this process.
 */
export class SandboxLifetimes {
  private readonly extendedAt = new Map<string, number>();
  private readonly intervalMs: number;

  constructor(readonly timeoutMs: number, private readonly clock: Clock) {
    // Half the timeout when it is short, so a sandbox in use never runs out between two extensions.
    this.intervalMs = Math.min(MAX_EXTEND_INTERVAL_MS, timeoutMs / 2);
  }

  /** The deadline was just set (create or connect gave it `timeoutMs`). */
  extended(sandboxId: string): void {
    this.extendedAt.set(sandboxId, this.clock.now().getTime());
  }

  /** Before a command or file operation: moves the deadline when it was last moved an interval ago or more. */
  async extendOnUse(sandbox: E2bSandboxHandle): Promise<void> {
    const now = this.clock.now().getTime();
    const last = this.extendedAt.get(sandbox.sandboxId);
    if (last !== undefined && now - last < this.intervalMs) return;
    // Set first, so the operations that start meanwhile do not each call e2b.
    this.extendedAt.set(sandbox.sandboxId, now);
    try {
      await sandbox.setTimeout(this.timeoutMs);
    } catch (err) {
      if (this.extendedAt.get(sandbox.sandboxId) === now) this.extendedAt.delete(sandbox.sandboxId);
      throw err;
    }
  }

  /** Paused or ended: no deadline to keep until the next connect. */
  forget(sandboxId: string): void {
    this.extendedAt.delete(sandboxId);
  }
}
