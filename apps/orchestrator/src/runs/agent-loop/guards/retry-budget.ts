/** Three tries per distinct error, then a person decides. */
export const MAX_TRIES_PER_SIGNATURE = 3;
export const ATTEMPT_TEXT_CAP = 300;

export interface RetryAttempt {
  /** What was tried, in plain words ("Running the test suite"). */
  summary: string;
  /** What failed, short. */
  error: string;
}

/** Persisted per run and signature, so the count survives sleep and restarts. */
export interface ErrorRetryRecord {
  signature: string;
  tool: string;
  /** Failures counted so far for this signature. */
  count: number;
  /** The calls already counted: a step redelivered after a crash must not count them twice. */
  toolUseIds: string[];
  /** The inputs that failed this way: only one of them succeeding clears the record. */
  inputHashes: string[];
  attempts: RetryAttempt[];
}

export interface Failure {
  signature: string;
  tool: string;
  toolUseId: string;
  inputHash: string;
  summary: string;
  error: string;
}

export interface FailureOutcome {
  record: ErrorRetryRecord;
  /** The tries are spent: ask the founder. */
  escalate: boolean;
}

export function capText(text: string, max = ATTEMPT_TEXT_CAP): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Folds one more failure into the stored record (or none yet) and says whether the tries are spent. */
export function recordFailure(
  stored: ErrorRetryRecord | undefined,
  failure: Failure,
  maxTries = MAX_TRIES_PER_SIGNATURE,
): FailureOutcome {
  if (stored?.toolUseIds.includes(failure.toolUseId)) return { record: stored, escalate: stored.count >= maxTries };
  const previous = stored ?? { signature: failure.signature, tool: failure.tool, count: 0, toolUseIds: [], inputHashes: [], attempts: [] };
  const record: ErrorRetryRecord = {
    ...previous,
    count: previous.count + 1,
    toolUseIds: [...previous.toolUseIds, failure.toolUseId].slice(-maxTries),
    inputHashes: previous.inputHashes.includes(failure.inputHash) ? previous.inputHashes : [...previous.inputHashes, failure.inputHash],
    // The founder is shown the last tries, never an ever-growing list.
    attempts: [...previous.attempts, { summary: capText(failure.summary), error: capText(failure.error) }].slice(-maxTries),
  };
  return { record, escalate: record.count >= maxTries };
}

/**
 * A record clears only when a call it failed on succeeds (same tool and input): another
 * call's success says nothing about whether this failure is fixed.
 */
export function clearedBySuccess(records: readonly ErrorRetryRecord[], success: { tool: string; inputHash: string }): ErrorRetryRecord[] {
  return records.filter((r) => r.tool === success.tool && r.inputHashes.includes(success.inputHash));
}

/** The escalation's "what was tried": `{tool, summary, error}` as the founder API shows it. */
export function escalationAttempts(record: ErrorRetryRecord): { tool: string; summary: string; error: string }[] {
  return record.attempts.map((a) => ({ tool: record.tool, ...a }));
}
