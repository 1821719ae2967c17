import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { FounderId } from '../founders/founder-id';
import { safeMicrodollars } from '../microdollars';
import type { Period } from '../pacing/pacing';
import { LedgerEntryEntity } from './ledger-entry.entity';

export type NewLedgerEntry = Omit<LedgerEntryEntity, 'id' | 'ownerId'>;

/** A run's settled calls so far: their cost and their input tokens by kind. */
export interface RunTotals {
  costMicrodollars: number;
  inputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
}

export interface ProjectSpend {
  projectId: string;
  spentMicrodollars: number;
}

@Injectable()
export class LedgerRepository {
  constructor(@InjectRepository(LedgerEntryEntity) private readonly entries: Repository<LedgerEntryEntity>) {}

  /** Bills a model call unless its usage id is already in the ledger; true when it was new. */
  async recordOnce(founder: FounderId, entry: NewLedgerEntry, em: EntityManager): Promise<boolean> {
    const { raw } = await em.createQueryBuilder()
      .insert()
      .into(LedgerEntryEntity)
      .values({ ...entry, ownerId: founder })
      .orIgnore()
      .returning('id')
      .updateEntity(false)
      .execute();
    return (raw as unknown[]).length > 0; // false: a redelivery, already billed
  }

  async runTotals(founder: FounderId, runId: string): Promise<RunTotals> {
    const [row]: Array<{ cost: string; input: string; creation: string; read: string }> = await this.entries.query(
      `SELECT COALESCE(SUM(cost_microdollars), 0)::text AS cost, COALESCE(SUM(input_tokens), 0)::text AS input,
              COALESCE(SUM(cache_creation_input_tokens), 0)::text AS creation, COALESCE(SUM(cache_read_input_tokens), 0)::text AS read
       FROM billing.ledger_entries WHERE run_id = $2 AND owner_id = $1`,
      [founder, runId],
    );
    return {
      costMicrodollars: safeMicrodollars(row.cost),
      inputTokens: Number(row.input),
      cacheCreationInputTokens: Number(row.creation),
      cacheReadInputTokens: Number(row.read),
    };
  }

  /** A run's settled calls authorized since its awake period began: their sum and their count. */
  async awakePeriodOf(founder: FounderId, runId: string, since: Date): Promise<{ spent: number; calls: number }> {
    const [row]: Array<{ spent: string; calls: number }> = await this.entries.query(
      `SELECT COALESCE(SUM(cost_microdollars), 0)::text AS spent, COUNT(*)::int AS calls
       FROM billing.ledger_entries WHERE run_id = $2 AND owner_id = $1 AND authorized_at >= $3`,
      [founder, runId, since],
    );
    return { spent: safeMicrodollars(row.spent), calls: row.calls };
  }

  /** The founder's spend per project in the period, biggest first. */
  async spendByProject(founder: FounderId, period: Period): Promise<ProjectSpend[]> {
    const rows: Array<{ project_id: string; spent: string }> = await this.entries.query(
      `SELECT project_id, SUM(cost_microdollars)::text AS spent FROM billing.ledger_entries
       WHERE owner_id = $1 AND authorized_at >= $2 AND authorized_at < $3
       GROUP BY project_id ORDER BY SUM(cost_microdollars) DESC, project_id`,
      [founder, period.start, period.end],
    );
    return rows.map((r) => ({ projectId: r.project_id, spentMicrodollars: safeMicrodollars(r.spent) }));
  }
}
