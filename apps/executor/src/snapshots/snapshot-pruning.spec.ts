import { PruningPolicy, snapshotsToDelete, StoredSnapshot } from './snapshot-pruning';

const HOUR = 3_600_000;
const policy: PruningPolicy = { kept: 3, retentionMs: 7 * 24 * HOUR, abandonedAfterMs: HOUR };
const now = new Date('2026-12-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const complete = (seq: number, startedAgo = 2 * HOUR): StoredSnapshot => ({ seq, status: 'complete', startedAt: ago(startedAgo) });
const writing = (seq: number, startedAgo: number): StoredSnapshot => ({ seq, status: 'writing', startedAt: ago(startedAgo) });

describe('snapshotsToDelete', () => {
  it('keeps a live run\'s newest snapshots and deletes the older ones', () => {
    const run = [1, 2, 3, 4, 5].map((seq) => complete(seq));
    expect(snapshotsToDelete(run, null, now, policy)).toEqual([1, 2]);
  });

  it('deletes nothing while a run has no more than it keeps', () => {
    expect(snapshotsToDelete([complete(4), complete(7), complete(9)], null, now, policy)).toEqual([]);
  });

  it('does not count a write in progress among the kept, nor delete it', () => {
    const run = [complete(1), complete(2), complete(3), writing(4, 60_000)];
    expect(snapshotsToDelete(run, null, now, policy)).toEqual([]);
  });

  it('deletes a write abandoned for longer than the delay, even the newest', () => {
    expect(snapshotsToDelete([complete(1), writing(2, HOUR)], null, now, policy)).toEqual([2]);
  });

  it('keeps an ended run\'s snapshots until the retention has passed', () => {
    const run = [complete(1), complete(2)];
    expect(snapshotsToDelete(run, ago(7 * 24 * HOUR - 1), now, policy)).toEqual([]);
    expect(snapshotsToDelete(run, ago(7 * 24 * HOUR), now, policy)).toEqual([1, 2]);
  });

  it('deletes every snapshot of an expired run, writes included', () => {
    expect(snapshotsToDelete([complete(1), writing(2, 60_000)], ago(8 * 24 * HOUR), now, policy)).toEqual([1, 2]);
  });

  it('always keeps at least the newest complete snapshot of a live run', () => {
    expect(snapshotsToDelete([complete(1), complete(2)], null, now, { ...policy, kept: 0 })).toEqual([1]);
  });
});
