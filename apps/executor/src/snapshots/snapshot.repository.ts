import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SnapshotReason } from '@cofounder/contracts';
import { SnapshotEntity } from './snapshot.entity';
import { SnapshotRunEntity } from './snapshot-run.entity';

export interface RunSnapshots {
  runId: string;
  ownerId: string;
  endedAt: Date | null;
  snapshots: SnapshotEntity[];
}

/** The executor's snapshots tables; every query on a run takes its owner. */
@Injectable()
export class SnapshotRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Gives out the run's next sequence number and registers it as being written, in one
   * transaction. Null when the run's snapshots belong to another owner: to them it is as if
   * the run did not exist.
   */
  async reserve(runId: string, ownerId: string, reason: SnapshotReason, now: Date): Promise<SnapshotEntity | null> {
    return this.db.transaction(async (em) => {
      const rows: { last_seq: number }[] = await em.query(
        `INSERT INTO executor.snapshot_runs (run_id, owner_id, last_seq) VALUES ($1, $2, 1)
         ON CONFLICT (run_id) DO UPDATE SET last_seq = snapshot_runs.last_seq + 1
           WHERE snapshot_runs.owner_id = EXCLUDED.owner_id
         RETURNING last_seq`,
        [runId, ownerId],
      );
      if (!rows.length) return null;
      const seq = rows[0].last_seq;
      const objectName = `${runId}/${seq}`;
      const snapshot = em.create(SnapshotEntity, {
        runId, ownerId, seq, status: 'writing', reason, objectName, manifestObjectName: `${objectName}.manifest.json`,
        bytes: null, files: null, startedAt: now, takenAt: null,
      });
      await em.insert(SnapshotEntity, snapshot);
      return snapshot;
    });
  }

  async complete(runId: string, ownerId: string, seq: number, facts: { bytes: number; files: number; takenAt: Date }): Promise<void> {
    const { affected } = await this.db.getRepository(SnapshotEntity).update({ runId, ownerId, seq, status: 'writing' }, { status: 'complete', ...facts });
    if (affected !== 1) throw new Error(`snapshot ${runId}/${seq} was not being written`);
  }

  async remove(runId: string, ownerId: string, seq: number): Promise<void> {
    await this.db.getRepository(SnapshotEntity).delete({ runId, ownerId, seq });
  }

  latest(runId: string, ownerId: string): Promise<SnapshotEntity | null> {
    return this.db.getRepository(SnapshotEntity).findOne({ where: { runId, ownerId, status: 'complete' }, order: { seq: 'DESC' } });
  }

  find(runId: string, ownerId: string, seq: number): Promise<SnapshotEntity | null> {
    return this.db.getRepository(SnapshotEntity).findOneBy({ runId, ownerId, seq, status: 'complete' });
  }

  async forRun(runId: string, ownerId: string): Promise<RunSnapshots | null> {
    const run = await this.db.getRepository(SnapshotRunEntity).findOneBy({ runId, ownerId });
    if (!run) return null;
    const snapshots = await this.db.getRepository(SnapshotEntity).find({ where: { runId, ownerId }, order: { seq: 'ASC' } });
    return { runId, ownerId, endedAt: run.endedAt, snapshots };
  }

  /** A run that ends before its first snapshot still gets its row, so a late snapshot is pruned in time. */
  async markRunEnded(runId: string, ownerId: string, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO executor.snapshot_runs (run_id, owner_id, last_seq, ended_at) VALUES ($1, $2, 0, $3)
       ON CONFLICT (run_id) DO UPDATE SET ended_at = EXCLUDED.ended_at
         WHERE snapshot_runs.owner_id = EXCLUDED.owner_id`,
      [runId, ownerId, at],
    );
  }

  /**
   * The runs that may have something to prune, across owners (the sweep is the system's own
   * housekeeping; each deletion then names the owner): ended before `endedBefore`, more
   * complete snapshots than `kept`, or a write started before `writingBefore`.
   */
  async pruneCandidates(endedBefore: Date, kept: number, writingBefore: Date, limit: number): Promise<{ runId: string; ownerId: string }[]> {
    const rows: { run_id: string; owner_id: string }[] = await this.db.query(
      `SELECT r.run_id, r.owner_id FROM executor.snapshot_runs r
       WHERE EXISTS (SELECT 1 FROM executor.snapshots s WHERE s.run_id = r.run_id)
         AND ((r.ended_at IS NOT NULL AND r.ended_at <= $1)
           OR (SELECT count(*) FROM executor.snapshots s WHERE s.run_id = r.run_id AND s.status = 'complete') > $2
           OR EXISTS (SELECT 1 FROM executor.snapshots s WHERE s.run_id = r.run_id AND s.status = 'writing' AND s.started_at <= $3))
       LIMIT $4`,
      [endedBefore, kept, writingBefore, limit],
    );
    return rows.map((r) => ({ runId: r.run_id, ownerId: r.owner_id }));
  }
}
