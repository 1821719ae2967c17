import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryPrepared } from '@cofounder/persistence';
import type { FounderId } from '../founders/founder-id';
import { safeMicrodollars } from '../microdollars';
import type { Period } from './pacing';

/** Where the sums are taken: the founder's period and day, and the call's project and run if any. */
export interface SpendWindow {
  period: Period;
  today: Period;
  now: Date;
  projectId?: string;
  run?: { runId: string; awakeSince: Date };
}

/** Settled spend plus open reservations, by when they were authorized. */
export interface SpendFigures {
  /** Settled spend alone (the ledger), as the founder is shown it. */
  settledBeforeToday: number;
  settledToday: number;
  spentBeforeToday: number;
  spentToday: number;
  projectSpent: number;
  awakeSpent: number;
}

/**
 * One statement, so one snapshot: a usage settling meanwhile (its ledger row in, its
 * reservation out, in one transaction) is seen either before or after, never as neither.
 * Reservations count while `expires_at > now`, whether or not the sweep has removed them yet.
 */
const FIGURES = `
WITH ledger AS (
  SELECT COALESCE(SUM(cost_microdollars) FILTER (WHERE authorized_at < $3), 0) AS before_today,
         COALESCE(SUM(cost_microdollars) FILTER (WHERE authorized_at >= $3), 0) AS today
  FROM billing.ledger_entries WHERE owner_id = $1 AND authorized_at >= $2 AND authorized_at < $4
), project AS (
  SELECT COALESCE(SUM(cost_microdollars), 0) AS spent FROM billing.ledger_entries
  WHERE owner_id = $1 AND project_id = $6::uuid AND authorized_at >= $2 AND authorized_at < $4
), awake AS (
  SELECT COALESCE(SUM(cost_microdollars), 0) AS spent FROM billing.ledger_entries
  WHERE owner_id = $1 AND run_id = $7::uuid AND authorized_at >= $8::timestamptz
), reserved AS (
  SELECT
    COALESCE(SUM(amount_microdollars) FILTER (WHERE authorized_at >= $2 AND authorized_at < $3), 0) AS before_today,
    COALESCE(SUM(amount_microdollars) FILTER (WHERE authorized_at >= $3 AND authorized_at < $4), 0) AS today,
    COALESCE(SUM(amount_microdollars) FILTER (WHERE project_id = $6::uuid AND authorized_at >= $2 AND authorized_at < $4), 0) AS project,
    COALESCE(SUM(amount_microdollars) FILTER (WHERE run_id = $7::uuid AND authorized_at >= $8::timestamptz), 0) AS awake
  FROM billing.reservations WHERE owner_id = $1 AND expires_at > $5
)
SELECT ledger.before_today::text AS settled_before_today, ledger.today::text AS settled_today,
       (ledger.before_today + reserved.before_today)::text AS before_today,
       (ledger.today + reserved.today)::text AS today,
       (project.spent + reserved.project)::text AS project,
       (awake.spent + reserved.awake)::text AS awake
FROM ledger, project, awake, reserved`;

type Column = 'settled_before_today' | 'settled_today' | 'before_today' | 'today' | 'project' | 'awake';

@Injectable()
export class SpendRepository {
  constructor(private readonly dataSource: DataSource) {}

  async figures(founder: FounderId, w: SpendWindow, em: EntityManager = this.dataSource.manager): Promise<SpendFigures> {
    const [row] = await queryPrepared<Record<Column, string>>(em, 'billing_spend_figures', FIGURES, [
      founder, w.period.start, w.today.start, w.period.end, w.now,
      w.projectId ?? null, w.run?.runId ?? null, w.run?.awakeSince ?? null,
    ]);
    return {
      settledBeforeToday: safeMicrodollars(row.settled_before_today),
      settledToday: safeMicrodollars(row.settled_today),
      spentBeforeToday: safeMicrodollars(row.before_today),
      spentToday: safeMicrodollars(row.today),
      projectSpent: safeMicrodollars(row.project),
      awakeSpent: safeMicrodollars(row.awake),
    };
  }

  /** The founder's active runs: those with a call authorized in the pacing day, settled or still open. */
  async activeRuns(founder: FounderId, today: Period, now: Date): Promise<string[]> {
    const rows: Array<{ run_id: string }> = await this.dataSource.query(
      `SELECT run_id FROM billing.ledger_entries WHERE owner_id = $1 AND authorized_at >= $2 AND authorized_at < $3
       UNION
       SELECT run_id FROM billing.reservations WHERE owner_id = $1 AND expires_at > $4`,
      [founder, today.start, today.end, now],
    );
    return rows.map((r) => r.run_id);
  }
}
