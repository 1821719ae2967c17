/** What decides which snapshots go: all from the configuration but the abandonment delay. */
export interface PruningPolicy {
  /** Complete snapshots kept per run, the newest. */
  kept: number;
  /** How long after a run ended its snapshots are kept. */
  retentionMs: number;
  /** A snapshot still being written after this long was left by an executor that died. */
  abandonedAfterMs: number;
}

export interface StoredSnapshot {
  seq: number;
  status: 'writing' | 'complete';
  startedAt: Date;
}

/**
 * The sequence numbers of one run's snapshots to delete now: every one of a run ended longer
 * ago than the retention; otherwise the complete ones beyond the newest `kept`, and the
 * abandoned writes. The newest complete snapshot of a live run is never among them.
 */
export function snapshotsToDelete(snapshots: readonly StoredSnapshot[], endedAt: Date | null, now: Date, policy: PruningPolicy): number[] {
  if (endedAt && now.getTime() - endedAt.getTime() >= policy.retentionMs) return snapshots.map((s) => s.seq);
  const complete = snapshots.filter((s) => s.status === 'complete').sort((a, b) => b.seq - a.seq);
  const surplus = complete.slice(Math.max(policy.kept, 1)).map((s) => s.seq);
  const abandoned = snapshots
    .filter((s) => s.status === 'writing' && now.getTime() - s.startedAt.getTime() >= policy.abandonedAfterMs)
    .map((s) => s.seq);
  return [...surplus, ...abandoned].sort((a, b) => a - b);
}
