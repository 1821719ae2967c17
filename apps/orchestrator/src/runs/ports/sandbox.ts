import type { SnapshotRefV1 } from '@cofounder/contracts';
import type { ToolCall } from '../agent-loop/model-reply';
import type { RunRecord, ToolOutcome } from './records';

export abstract class ToolRunner {
  /** `onProgress` is called while the tool runs, with the time it has been running, each time the sandbox reports it alive. */
  abstract run(run: RunRecord, call: ToolCall, onProgress: (elapsedMs: number) => void): Promise<ToolOutcome>;
}

/** A paused sandbox as the run keeps it: the provider's id and the snapshot its pause took (null: none). */
export interface PausedSandbox {
  sandboxId: string | null;
  snapshot: SnapshotRefV1 | null;
}

/** The run's sandbox as the loop needs it: a snapshot now and then, paused while the run rests, and its end. */
export abstract class RunWorkspace {
  /** Paused or asleep: its commands stopped, a snapshot taken, the sandbox paused. Asking twice is asking once. */
  abstract pause(run: RunRecord): Promise<PausedSandbox>;
  /** A new awake period: the sandbox reconnected, its sentinel checked, its workspace restored from the last snapshot if lost. */
  abstract resume(run: RunRecord): Promise<void>;
  /**
   * After a turn that may have changed files: a snapshot of the workspace, unless the last one
   * is younger than `sandbox.snapshotEveryMs`. Never fails the turn: the next one tries again.
   */
  abstract snapshotAfterChange(run: RunRecord): Promise<void>;
  /**
   * The run has ended: a last snapshot, kept for the retention time, and the sandbox gone (an
   * e2b VM costs while it lives). Throws while the executor is unreachable, so the step that
   * announced the end is delivered again; asking twice is asking once.
   */
  abstract release(run: RunRecord): Promise<void>;
}
