import type { RunEvent } from '@cofounder/contracts';

/** A tool running this long is worth a line in the default stream... */
export const LONG_TOOL_MS = 10_000;
/** ...and another at least this often while it runs. */
export const LONG_TOOL_EVERY_MS = 30_000;

type ToolProgress = Extract<RunEvent, { type: 'tool.progress' }>;

/**
 * Which `tool.progress` events the default stream shows, from their own `elapsedMs`: the
 * first past LONG_TOOL_MS, then one before LONG_TOOL_EVERY_MS has gone by since the last
 * shown. Progress arrives every `toolProgressMs`, so waiting for the one after would be late.
 */
export class LongToolProgress {
  private readonly lastShown = new Map<string, number>();

  constructor(private readonly toolProgressMs: number) {}

  shows(progress: ToolProgress): boolean {
    const { toolUseId, elapsedMs } = progress;
    if (elapsedMs < LONG_TOOL_MS) return false;
    const last = this.lastShown.get(toolUseId);
    if (last !== undefined && elapsedMs + this.toolProgressMs <= last + LONG_TOOL_EVERY_MS) return false;
    this.lastShown.set(toolUseId, elapsedMs);
    return true;
  }

  ended(toolUseId: string): void {
    this.lastShown.delete(toolUseId);
  }
}
