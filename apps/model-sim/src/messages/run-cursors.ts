import { Injectable } from '@nestjs/common';
import { RunCursor } from './turn-player';

export interface RunProgress {
  /** Pinned at the first turn, so a compacted history that lost the goal keeps its scenario. */
  readonly scenario: string;
  readonly cursor: RunCursor;
}

// The simulator lives for a test session or a demo; the oldest runs are forgotten past this.
const MAX_RUNS = 10_000;

/** Where each run stands, in memory: a restarted simulator starts every run over. */
@Injectable()
export class RunCursors {
  private readonly runs = new Map<string, RunProgress>();

  get(runId: string): RunProgress | undefined {
    return this.runs.get(runId);
  }

  set(runId: string, progress: RunProgress): void {
    this.runs.delete(runId);
    this.runs.set(runId, progress);
    if (this.runs.size > MAX_RUNS) this.runs.delete(this.runs.keys().next().value as string);
  }
}
