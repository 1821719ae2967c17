import { CofounderConfig, ManualClock } from '@cofounder/config';
import { RetryLater } from '@cofounder/messaging';
import { StepLease } from './step-lease';
import type { StepLeaseRepository } from './step-lease.repository';

type Claim = Awaited<ReturnType<StepLeaseRepository['claim']>>;

/** A lease table that answers the claims it is given, in order, and records releases. */
function leasesAnswering(claims: Claim[]) {
  const answers = [...claims];
  const calls = { claims: 0, releases: 0 };
  const repository = {
    claim: async () => { calls.claims += 1; return answers.length > 1 ? answers.shift()! : answers[0]; },
    renew: async () => true,
    release: async () => { calls.releases += 1; },
  } as unknown as StepLeaseRepository;
  return { repository, calls };
}

const config = { time: { leaseMs: 30_000 } } as CofounderConfig;
const message = { seq: 7, deliveryCount: 1 };

describe('StepLease', () => {
  it('takes the lease over from the step before, which queued this one and is releasing it, without putting the message back', async () => {
    const { repository, calls } = leasesAnswering(['held', 'held', 'claimed']);
    const lease = new StepLease(repository, config, new ManualClock(new Date()));

    await expect(lease.hold('run', message, async () => 'worked')).resolves.toBe('worked');
    expect(calls).toEqual({ claims: 3, releases: 1 });
  });

  it('puts the step back, uncounted, while another delivery keeps working on the run', async () => {
    const { repository, calls } = leasesAnswering(['held']);
    const lease = new StepLease(repository, config, new ManualClock(new Date()));
    let worked = false;

    await expect(lease.hold('run', message, async () => { worked = true; })).rejects.toBeInstanceOf(RetryLater);
    expect(worked).toBe(false);
    expect(calls.releases).toBe(0);
  });
});
