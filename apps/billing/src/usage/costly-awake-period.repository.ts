import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FounderId } from '../founders/founder-id';

/** Awake periods already warned about: the 3x warning is given once per awake period. */
@Injectable()
export class CostlyAwakePeriodRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** True for the first note of this awake period only. */
  async noteOnce(founder: FounderId, runId: string, awakeSince: Date, at: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO billing.costly_awake_periods (run_id, awake_since, owner_id, noted_at) VALUES ($2, $3, $1, $4)
       ON CONFLICT DO NOTHING RETURNING run_id`,
      [founder, runId, awakeSince, at],
    );
    return rows.length > 0;
  }
}
