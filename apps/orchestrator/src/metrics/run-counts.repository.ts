import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RunStatus } from '@cofounder/contracts';
import { RunEntity } from '../runs/run.entity';

export interface RunCount {
  status: RunStatus;
  runs: number;
}

/** Runs counted by status across every founder: an operator's figure, read at each scrape. */
@Injectable()
export class RunCountsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async byStatus(): Promise<RunCount[]> {
    const rows = await this.db.createQueryBuilder().from(RunEntity, 'run')
      .select('run.status', 'status').addSelect('count(*)::int', 'runs').groupBy('run.status')
      .getRawMany<RunCount>();
    return rows;
  }
}
