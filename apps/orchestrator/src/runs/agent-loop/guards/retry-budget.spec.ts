import { ASK_AT_FAILURE, ATTEMPT_TEXT_CAP, clearedBySuccess, ErrorRetryRecord, escalationAttempts, Failure, recordFailure } from './retry-budget';

const failure = (n: number, inputHash = 'in-1'): Failure =>
  ({ signature: 'sig', tool: 'bash', toolUseId: `toolu_${n}`, inputHash, summary: `Running the test suite (${n})`, error: `sum.test.ts failed (${n})` });

function fold(count: number, inputHash = 'in-1') {
  let record: ErrorRetryRecord | undefined;
  const verdicts: string[] = [];
  for (let n = 1; n <= count; n++) {
    const outcome = recordFailure(record, failure(n, inputHash));
    verdicts.push(outcome.verdict);
    record = outcome.record;
  }
  return { verdicts, record: record! };
}

describe('recordFailure', () => {
  it('nudges on the third failure of one error and asks on the fourth (three retries), with the four tries', () => {
    const { verdicts, record } = fold(4);
    expect(verdicts).toEqual(['retry', 'retry', 'nudge', 'ask']);
    expect(record).toMatchObject({ signature: 'sig', tool: 'bash', count: 4, inputHashes: ['in-1'] });
    expect(record.attempts.map((a) => a.summary)).toEqual([1, 2, 3, 4].map((n) => `Running the test suite (${n})`));
  });

  it('counts a call once, however often its step is redelivered', () => {
    const first = recordFailure(undefined, failure(1)).record;
    expect(recordFailure(first, failure(1))).toEqual({ record: first, verdict: 'retry' });
    const third = fold(3).record;
    // The nudge is given again on a redelivery (the note is saved once), never turned into a question.
    expect(recordFailure(third, failure(3))).toEqual({ record: third, verdict: 'nudge' });
  });

  it('keeps no more attempts than it reports', () => {
    expect(fold(9).record.attempts).toHaveLength(ASK_AT_FAILURE);
    expect(fold(9).record.toolUseIds).toHaveLength(ASK_AT_FAILURE);
  });

  it('caps attempt texts at 300 characters', () => {
    const long = 'x'.repeat(1000);
    const { record } = recordFailure(undefined, { ...failure(1), summary: long, error: `line\n${long}` });
    expect(record.attempts[0].summary).toHaveLength(ATTEMPT_TEXT_CAP);
    expect(record.attempts[0].error).toHaveLength(ATTEMPT_TEXT_CAP);
    expect(record.attempts[0].error.endsWith('…')).toBe(true);
  });

  it('remembers each distinct input that failed this way', () => {
    const first = recordFailure(undefined, failure(1, 'in-1')).record;
    const second = recordFailure(first, failure(2, 'in-2')).record;
    expect(recordFailure(second, failure(3, 'in-1')).record.inputHashes).toEqual(['in-1', 'in-2']);
  });

  it('does not change the stored record', () => {
    const stored = fold(1).record;
    recordFailure(stored, failure(2));
    expect(stored.count).toBe(1);
    expect(stored.attempts).toHaveLength(1);
  });
});

describe('clearedBySuccess', () => {
  const other: ErrorRetryRecord = { signature: 'other', tool: 'read', count: 1, toolUseIds: ['t'], inputHashes: ['in-1'], attempts: [] };

  it('names the records a succeeding call had failed on', () => {
    const failed = fold(2).record;
    expect(clearedBySuccess([failed, other], { tool: 'bash', inputHash: 'in-1' })).toEqual([failed]);
  });

  it('names none when a different call succeeds', () => {
    const records = [fold(2).record];
    expect(clearedBySuccess(records, { tool: 'bash', inputHash: 'in-9' })).toEqual([]);
    expect(clearedBySuccess(records, { tool: 'read', inputHash: 'in-1' })).toEqual([]);
  });
});

describe('escalationAttempts', () => {
  it('gives each attempt its tool, as the founder API shows it', () => {
    expect(escalationAttempts(fold(1).record)).toEqual([
      { tool: 'bash', summary: 'Running the test suite (1)', error: 'sum.test.ts failed (1)' },
    ]);
  });
});
