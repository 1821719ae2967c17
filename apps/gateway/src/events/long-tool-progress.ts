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
 * Each shown line says in plain words what runs and for how long.
 */
export class LongToolProgress {
  private readonly lastShown = new Map<string, number>();
  private readonly summaries = new Map<string, string>();

  constructor(private readonly toolProgressMs: number) {}

  started(toolUseId: string, summary: string): void {
    this.summaries.set(toolUseId, summary);
  }

  shows(progress: ToolProgress): boolean {
    const { toolUseId, elapsedMs } = progress;
    if (elapsedMs < LONG_TOOL_MS) return false;
    const last = this.lastShown.get(toolUseId);
    if (last !== undefined && elapsedMs + this.toolProgressMs <= last + LONG_TOOL_EVERY_MS) return false;
    this.lastShown.set(toolUseId, elapsedMs);
    return true;
  }

  /** The progress as the founder reads it: "Installing dependencies — 2 min so far". */
  told(progress: ToolProgress): ToolProgress {
    // A stream resumed after the tool started has not seen its summary.
    const what = this.summaries.get(progress.toolUseId) ?? 'Still working';
    return { ...progress, summary: `${what} — ${spoken(progress.elapsedMs)} so far` };
  }

  ended(toolUseId: string): void {
    this.lastShown.delete(toolUseId);
    this.summaries.delete(toolUseId);
  }
}

/** 40 s, 2 min, 1 h 5 min: as long as a founder needs to know. */
export function spoken(ms: number): string {
  const seconds = Math.floor(ms / 1_000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return minutes % 60 === 0 ? `${Math.floor(minutes / 60)} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
