import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MetricsRegistry } from '@cofounder/observability';
import { dataSourceOptions, migrate } from '@cofounder/persistence';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { orchestratorSchema } from '../runs/orchestrator-schema';
import { RunRepository } from '../runs/run.repository';
import { OrchestratorMetrics, RUN_COUNT_TIMEOUT_MS } from './orchestrator-metrics';
import { RunCountsRepository } from './run-counts.repository';

async function runsByStatus(registry: MetricsRegistry): Promise<Record<string, number>> {
  const { values } = await registry.getSingleMetric('cofounder_orchestrator_runs')!.get();
  return Object.fromEntries(values.map((v) => [v.labels.status, v.value]));
}

describe('cofounder_orchestrator_runs', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('orchmetrics');
    dataSource = await new DataSource(dataSourceOptions(db.url, orchestratorSchema)).initialize();
    await migrate(dataSource, 'orchestrator');
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('counts the table\'s runs by status at each scrape, every status shown', async () => {
    const registry = new MetricsRegistry();
    new OrchestratorMetrics(registry, new RunCountsRepository(dataSource));
    expect(await runsByStatus(registry)).toEqual({ running: 0, sleeping: 0, awaiting_input: 0, paused: 0, completed: 0, failed: 0, cancelled: 0 });

    const runs = new RunRepository(dataSource);
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids) {
      await runs.create({ id, projectId: randomUUID(), ownerId: 'dev_ops', goal: 'Count me', verbose: false, model: 'cofounder-sim', tier: 'dev' }, new Date());
    }
    await dataSource.query(`UPDATE orchestrator.runs SET status = 'completed' WHERE id = $1`, [ids[0]]);
    expect(await runsByStatus(registry)).toMatchObject({ running: 2, completed: 1, failed: 0 });
  });

  it('answers a scrape without the figure when the count does not come in time', async () => {
    const registry = new MetricsRegistry();
    const stuck = { byStatus: () => new Promise<never>(() => undefined) } as unknown as RunCountsRepository;
    new OrchestratorMetrics(registry, stuck);
    const began = performance.now();
    expect(await registry.metrics()).not.toContain('cofounder_orchestrator_runs{');
    expect(performance.now() - began).toBeLessThan(RUN_COUNT_TIMEOUT_MS + 1_000);
  });
});
