import * as guards from './index';

describe('guards index', () => {
  it('exports the pure guards', () => {
    for (const name of ['toolCallHash', 'errorSignature', 'detectRepetition', 'detectStuck', 'decideRetry', 'recordFailure', 'clearOnSuccess', 'nudgeFor']) {
      expect(typeof (guards as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
