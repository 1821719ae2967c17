import { Injectable } from '@nestjs/common';

export type RequestKind = 'turn' | 'compact' | 'count_tokens';

export interface RequestRecord {
  at: string;
  kind: RequestKind;
  status: number;
  body: unknown;
  response: unknown;
}

// Bodies hold whole histories; these bounds keep a long benchmark from exhausting memory.
const MAX_PER_RUN = 1_000;
const MAX_RUNS = 1_000;

/** What each run sent to the model and got back, so tests can check what the model saw. */
@Injectable()
export class RequestLog {
  private readonly runs = new Map<string, RequestRecord[]>();

  record(runId: string, entry: RequestRecord): void {
    const entries = this.runs.get(runId) ?? [];
    entries.push(entry);
    if (entries.length > MAX_PER_RUN) entries.shift();
    this.runs.delete(runId);
    this.runs.set(runId, entries);
    if (this.runs.size > MAX_RUNS) this.runs.delete(this.runs.keys().next().value as string);
  }

  list(runId: string): RequestRecord[] {
    return [...(this.runs.get(runId) ?? [])];
  }
}
