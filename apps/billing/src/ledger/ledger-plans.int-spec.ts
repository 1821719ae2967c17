import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BillingTestApp, startBilling } from '../../test/billing-test-app';

// LEDGER_PLANS_ROWS=1000000 prints the plans quoted in docs/billing.md; the default keeps the suite quick.
const ROWS = Number(process.env.LEDGER_PLANS_ROWS ?? 200_000);
const FOUNDERS = 1_000;

describe(`the ledger's sums at ${ROWS} rows`, () => {
  let t: BillingTestApp;
  let db: DataSource;
  const owner = 'user_plans_0';
  const project = randomUUID();

  beforeAll(async () => {
    t = await startBilling();
    db = t.app.get(DataSource);
    // A year of calls from a thousand founders, ten projects and a hundred runs each.
    await db.query(`
      INSERT INTO billing.ledger_entries (usage_id, run_id, owner_id, project_id, model, input_tokens, output_tokens,
        cache_creation_input_tokens, cache_read_input_tokens, cost_microdollars, recorded_at, authorized_at)
      SELECT 'msg_' || g, md5('run' || (g % ($2 * 100)))::uuid, 'user_plans_' || (g % $2),
        CASE WHEN g % 10 = 0 THEN $3::uuid ELSE md5('project' || (g % ($2 * 10)))::uuid END,
        'claude-sonnet-4-5', 1000, 100, 0, 0, 4500,
        now() - (g % 365) * interval '1 day', now() - (g % 365) * interval '1 day'
      FROM generate_series(1, $1) g`, [ROWS, FOUNDERS, project]);
    // As autovacuum would leave it: statistics, and a visibility map that lets sums read the index alone.
    await db.query('VACUUM ANALYZE billing.ledger_entries');
  });
  afterAll(() => t.close());

  async function plan(sql: string, params: unknown[]): Promise<string> {
    const rows: Array<{ 'QUERY PLAN': string }> = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    const text = rows.map((r) => r['QUERY PLAN']).join('\n');
    console.log(`${sql}\n${text}`);
    return text;
  }
  const month = [owner, new Date(Date.now() - 30 * 86_400_000), new Date(Date.now() + 1)];

  it('sums a founder\'s period from the owner index alone', async () => {
    const text = await plan(
      `SELECT SUM(cost_microdollars) FROM billing.ledger_entries WHERE owner_id = $1 AND authorized_at >= $2 AND authorized_at < $3`, month,
    );
    expect(text).toMatch(/Index Only Scan using ledger_entries_owner_time_idx/);
    expect(text).not.toMatch(/Seq Scan/);
  });

  it('sums one project of the founder from the project index alone', async () => {
    const text = await plan(
      `SELECT SUM(cost_microdollars) FROM billing.ledger_entries
       WHERE owner_id = $1 AND project_id = $4 AND authorized_at >= $2 AND authorized_at < $3`, [...month, project],
    );
    expect(text).toMatch(/Index Only Scan using ledger_entries_owner_project_time_idx/);
    expect(text).not.toMatch(/Seq Scan/);
  });

  it('groups the founder\'s period by project from an index', async () => {
    const text = await plan(
      `SELECT project_id, SUM(cost_microdollars) FROM billing.ledger_entries
       WHERE owner_id = $1 AND authorized_at >= $2 AND authorized_at < $3 GROUP BY project_id`, month,
    );
    expect(text).toMatch(/Index Only Scan using ledger_entries_owner_(project_)?time_idx/);
    expect(text).not.toMatch(/Seq Scan/);
  });
});
