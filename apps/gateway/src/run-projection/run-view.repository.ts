import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Founder } from '@cofounder/auth';
import { RunStatus } from '@cofounder/contracts';
import { ProjectedRunRow, RunView, toRunView } from './run-view';

const PROJECTED_RUN = `
  SELECT r.id, r.project_id, r.goal, r.created_at, p.status, p.reason, p.sleeping_until, p.status_seq, p.model,
         p.escalation, p.escalation_seq, p.tool_calls, p.cost_microdollars, p.input_tokens,
         p.cache_creation_input_tokens, p.cache_read_input_tokens, p.updated_at
  FROM gateway.runs r
  LEFT JOIN gateway.run_projections p ON p.run_id = r.id AND p.owner_id = r.owner_id`;

/**
 * The founder's runs as the gateway knows them, from its own tables alone: they answer while the
 * orchestrator or billing is away. Every query takes the owner.
 */
@Injectable()
export class RunViewRepository {
  constructor(private readonly db: DataSource) {}

  async findOwned(owner: Founder, runId: string): Promise<RunView | null> {
    const [row] = await this.db.query<ProjectedRunRow[]>(`${PROJECTED_RUN} WHERE r.id = $1 AND r.owner_id = $2`, [runId, owner.id]);
    return row ? toRunView(row) : null;
  }

  /** The project's runs, newest first, at most `limit`: one query, however many. */
  async listOwnedByProject(owner: Founder, projectId: string, limit: number): Promise<RunView[]> {
    const rows = await this.db.query<ProjectedRunRow[]>(
      `${PROJECTED_RUN} WHERE r.project_id = $1 AND r.owner_id = $2 ORDER BY r.created_at DESC, r.id ASC LIMIT $3`, [projectId, owner.id, limit]);
    return rows.map(toRunView);
  }

  /** Every run the gateway knows, by status; one with no event yet is queued. */
  async countByStatus(): Promise<Map<RunStatus, number>> {
    const rows = await this.db.query<{ status: RunStatus; runs: number }[]>(`
      SELECT COALESCE(p.status, 'queued') AS status, count(*)::int AS runs
      FROM gateway.runs r LEFT JOIN gateway.run_projections p ON p.run_id = r.id
      GROUP BY 1`);
    return new Map(rows.map((r) => [r.status, r.runs]));
  }
}
