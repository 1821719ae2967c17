import { errors as natsErrors } from '@nats-io/transport-node';
import { Internal, InvalidInput, Unavailable } from '@cofounder/contracts';
import { OUTAGE_BACKOFF_MAX_MS, RetryLater, settleFailure } from './retry-policy';

const MAX = 5;
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('settleFailure', () => {
  it('terminates invalid input at once', () => {
    expect(settleFailure(new InvalidInput('bad'), { deliveryCount: 1, failuresBefore: 0 }, MAX).kind).toBe('term');
  });

  it.each([
    ['billing not answering', new Unavailable('no service answers billing.authorize')],
    ['PostgreSQL refusing connections', refused],
    ['NATS request timing out', new natsErrors.TimeoutError()],
  ])('never gives up on an outage (%s), however many deliveries it took', (_what, err) => {
    for (const deliveryCount of [1, 5, 50, 5000]) {
      const settlement = settleFailure(err, { deliveryCount, failuresBefore: 0 }, MAX);
      expect(settlement.kind).toBe('nak');
      expect(settlement.kind === 'nak' && settlement.delayMs).toBeLessThanOrEqual(OUTAGE_BACKOFF_MAX_MS);
    }
  });

  it('backs off an outage exponentially up to its cap', () => {
    const delays = [1, 2, 3, 4, 10].map((deliveryCount) => settleFailure(refused, { deliveryCount, failuresBefore: 0 }, MAX));
    expect(delays.map((s) => (s.kind === 'nak' ? s.delayMs : -1))).toEqual([250, 500, 1000, 2000, OUTAGE_BACKOFF_MAX_MS]);
  });

  it('counts only failures of the message\'s own against maxDeliver, not its deliveries', () => {
    const bug = new Internal('a bug');
    // Twenty deliveries spent on an outage and kills: a bug still gets its five tries.
    expect(settleFailure(bug, { deliveryCount: 20, failuresBefore: 0 }, MAX).kind).toBe('nak');
    expect(settleFailure(bug, { deliveryCount: 24, failuresBefore: 3 }, MAX).kind).toBe('nak');
    expect(settleFailure(bug, { deliveryCount: 25, failuresBefore: 4 }, MAX)).toEqual({ kind: 'term', reason: 'gave up after 5 failures' });
  });

  it('asks again after the delay a handler gave when it cannot act yet', () => {
    expect(settleFailure(new RetryLater('held', 300), { deliveryCount: 9, failuresBefore: 4 }, MAX)).toEqual({ kind: 'nak', delayMs: 300 });
  });
});
