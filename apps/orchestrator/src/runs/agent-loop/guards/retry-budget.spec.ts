import {
  ATTEMPT_TEXT_CAP,
  clearOnFounderAnswer,
  clearOnSuccess,
  decideRetry,
  ErrorRetryRecord,
  escalationAttempts,
  Failure,
  recordFailure,
} from './retry-budget';

const failure = (n: number, inputHash = 'in-1'): Failure =>
  ({ signature: 'sig', tool: 'bash', inputHash, summary: `Running the test suite (${n})`, error: `sum.test.ts failed (${n})` });

function fold(count: number, inputHash = 'in-1') {
  let record: ErrorRetryRecord | undefined;
  const kinds: string[] = [];
  for (let n = 1; n <= count; n++) {
    const outcome = recordFailure(record, failure(n, inputHash));
    kinds.push(outcome.kind);
    record = outcome.record;
  }
  return { kinds, record: record! };
}

describe('decideRetry', () => {
  it.each([[0, { kind: 'retry', count: 1 }], [2, { kind: 'retry', count: 3 }], [3, { kind: 'escalate' }], [7, { kind: 'escalate' }]])(
    'with %i stored → %j', (stored, expected) => {
      expect(decideRetry(stored)).toEqual(expected);
    });

  it('honours another max', () => {
    expect(decideRetry(1, 1)).toEqual({ kind: 'escalate' });
  });
});

describe('recordFailure', () => {
  it('retries three times, then escalates with what was tried', () => {
    const { kinds, record } = fold(4);
    expect(kinds).toEqual(['retry', 'retry', 'retry', 'escalate']);
    expect(record).toMatchObject({ signature: 'sig', tool: 'bash', count: 3, inputHashes: ['in-1'] });
    expect(record.attempts.map((a) => a.summary)).toEqual([1, 2, 3, 4].map((n) => `Running the test suite (${n})`));
  });

  it('keeps no more attempts than it can report', () => {
    expect(fold(9).record.attempts).toHaveLength(4);
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

describe('clearing', () => {
  const other: ErrorRetryRecord = { signature: 'other', tool: 'read', count: 1, inputHashes: ['in-1'], attempts: [] };

  it('clears a record when a call it failed on succeeds', () => {
    expect(clearOnSuccess([fold(2).record, other], { tool: 'bash', inputHash: 'in-1' })).toEqual([other]);
  });

  it('keeps it when a different call succeeds', () => {
    const records = [fold(2).record];
    expect(clearOnSuccess(records, { tool: 'bash', inputHash: 'in-9' })).toEqual(records);
    expect(clearOnSuccess(records, { tool: 'read', inputHash: 'in-1' })).toEqual(records);
  });

  it('clears only the answered signature when the founder answers', () => {
    expect(clearOnFounderAnswer([fold(4).record, other], 'sig')).toEqual([other]);
  });
});

describe('escalationAttempts', () => {
  it('gives each attempt its tool, as the founder API shows it', () => {
    expect(escalationAttempts(fold(1).record)).toEqual([
      { tool: 'bash', summary: 'Running the test suite (1)', error: 'sum.test.ts failed (1)' },
    ]);
  });
});
