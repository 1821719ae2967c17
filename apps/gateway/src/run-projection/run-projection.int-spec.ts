import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InvalidInput, RunEventBody } from '@cofounder/contracts';
import { MetricsRegistry } from '@cofounder/observability';
import { dataSourceOptions, migrate } from '@cofounder/persistence';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { gatewaySchema } from '../gateway-schema';
import { ProjectRunEventUseCase } from './project-run-event.use-case';
import { RunProjectionRepository } from './run-projection.repository';
import { RunViewRepository } from './run-view.repository';
import { RunsByStatusGauge } from './runs-by-status.gauge';

describe('the run projection against a real PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let project: ProjectRunEventUseCase;
  let views: RunViewRepository;
  const alice = { id: `dev_alice-${randomUUID()}` };
  const bob = { id: `dev_bob-${randomUUID()}` };
  const created = new Date('2026-12-01T10:00:00Z');
  const at = (s: number) => new Date(created.getTime() + s * 1000);

  beforeAll(async () => {
    db = await createTestDatabase('gw');
    dataSource = await new DataSource(dataSourceOptions(db.url, gatewaySchema)).initialize();
    await migrate(dataSource, 'gateway');
    project = new ProjectRunEventUseCase(new RunProjectionRepository(dataSource));
    views = new RunViewRepository(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  /** A project of the owner's with one run registered in it, as POST /v1/projects/:id/runs leaves them. */
  async function registeredRun(owner = alice): Promise<{ runId: string; projectId: string }> {
    const [projectId, runId] = [randomUUID(), randomUUID()];
    await dataSource.query('INSERT INTO gateway.projects (id, owner_id, name, created_at) VALUES ($1, $2, $3, $4)', [projectId, owner.id, 'p', created]);
    await dataSource.query('INSERT INTO gateway.runs (id, project_id, owner_id, goal, created_at) VALUES ($1, $2, $3, $4, $5)',
      [runId, projectId, owner.id, 'Build it', created]);
    return { runId, projectId };
  }

  /** Delivers an event as the durable would: its payload as RunEventPublisher wrote it, and its stream sequence. */
  const deliver = (runId: string, seq: number, body: RunEventBody) => project.execute({ ...body, runId, at: at(seq).toISOString() }, seq);
  const running = (model?: string): RunEventBody => ({ type: 'run.status', status: 'running', ...(model && { model }) });
  const toolDone = (toolUseId: string): RunEventBody => ({ type: 'tool.completed', toolUseId, tool: 'bash', ok: true, durationMs: 5, summary: 'Listing files' });
  const budget = (runCostMicrodollars: number): RunEventBody => ({
    type: 'budget.updated', runCostMicrodollars, spentMicrodollars: 9_000_000, budgetMicrodollars: 20_000_000, todayAllowanceMicrodollars: 600_000, spentTodayMicrodollars: 9_000,
  });
  const escalation = (escalationId: string): RunEventBody => ({
    type: 'escalation.required', escalationId, kind: 'tool_call_cap', reason: 'The agent reached its cap.', attempts: [], options: ['continue', 'stop'],
  });
  const view = async (runId: string, owner = alice) => (await views.findOwned(owner, runId))!;

  it('shows a run no event has told of yet as queued', async () => {
    const { runId, projectId } = await registeredRun();
    expect(await view(runId)).toEqual({
      id: runId, projectId, status: 'queued', reason: null, goal: 'Build it', model: null, toolCalls: 0, costMicrodollars: 0,
      inputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0, cacheReadShare: null, sleepingUntil: null, escalation: null, createdAt: created.toISOString(), updatedAt: created.toISOString(),
    });
  });

  it('applies each event once, however often it is delivered', async () => {
    const { runId } = await registeredRun();
    for (let i = 0; i < 2; i += 1) {
      await deliver(runId, 10, running('cofounder-sim'));
      await deliver(runId, 11, toolDone('toolu_1'));
      await deliver(runId, 12, budget(1_500));
    }
    // Published again after the stream's duplicate window: another sequence, the same call.
    await deliver(runId, 13, toolDone('toolu_1'));
    await deliver(runId, 14, toolDone('toolu_2'));
    expect(await view(runId)).toMatchObject({
      status: 'running', model: 'cofounder-sim', toolCalls: 2, costMicrodollars: 1_500, updatedAt: at(14).toISOString(),
    });
  });

  it('never lets an older event overwrite what a newer one set, and still counts what only it tells', async () => {
    const { runId } = await registeredRun();
    const wakeAt = '2026-12-02T00:00:00.000Z';
    await deliver(runId, 20, running('cofounder-sim'));
    await deliver(runId, 40, { type: 'run.status', status: 'sleeping', reason: 'Today\'s allowance is spent.', wakeAt });
    await deliver(runId, 41, budget(2_000));
    // Delivered late, after the newer ones (a redelivery, or another worker's): a wake's model, a call, a smaller cost.
    await deliver(runId, 30, running('claude-sonnet-4-5'));
    await deliver(runId, 31, toolDone('toolu_late'));
    await deliver(runId, 32, budget(1_000));
    expect(await view(runId)).toMatchObject({
      status: 'sleeping', reason: 'Today\'s allowance is spent.', sleepingUntil: wakeAt, model: 'claude-sonnet-4-5', toolCalls: 1,
      costMicrodollars: 2_000, updatedAt: at(41).toISOString(),
    });
    await deliver(runId, 10, { type: 'run.status', status: 'running', model: 'older-model' });
    expect(await view(runId)).toMatchObject({ status: 'sleeping', model: 'claude-sonnet-4-5' });
  });

  it('shows the run\'s input tokens by kind and the share read from the cache, never going back', async () => {
    const { runId } = await registeredRun();
    const tokens = (runInputTokens: number, runCacheCreationInputTokens: number, runCacheReadInputTokens: number) =>
      ({ runInputTokens, runCacheCreationInputTokens, runCacheReadInputTokens });
    await deliver(runId, 20, { ...budget(1_000), ...tokens(1_000, 9_000, 0) });
    expect(await view(runId)).toMatchObject({ inputTokens: 1_000, cacheCreationInputTokens: 9_000, cacheReadInputTokens: 0, cacheReadShare: 0 });
    await deliver(runId, 22, { ...budget(1_200), ...tokens(1_100, 10_000, 88_900) });
    await deliver(runId, 21, { ...budget(1_100), ...tokens(1_050, 9_500, 9_000) }); // late
    expect(await view(runId)).toMatchObject({
      costMicrodollars: 1_200, inputTokens: 1_100, cacheCreationInputTokens: 10_000, cacheReadInputTokens: 88_900, cacheReadShare: 0.889,
    });
  });

  it('shows an escalation while its question is open, and not one answered before', async () => {
    const { runId } = await registeredRun();
    const [first, second] = [randomUUID(), randomUUID()];
    await deliver(runId, 50, { type: 'run.status', status: 'awaiting_input', reason: 'The agent reached its cap.' });
    await deliver(runId, 51, escalation(first));
    expect(await view(runId)).toMatchObject({
      status: 'awaiting_input', reason: 'The agent reached its cap.',
      escalation: { id: first, kind: 'tool_call_cap', reason: 'The agent reached its cap.', attempts: [], options: ['continue', 'stop'], createdAt: at(51).toISOString() },
    });
    await deliver(runId, 59, { type: 'escalation.answered', escalationId: first, action: 'continue' });
    await deliver(runId, 60, running());
    expect(await view(runId)).toMatchObject({ status: 'running', reason: null, escalation: null });
    await deliver(runId, 70, { type: 'run.status', status: 'awaiting_input', reason: 'Again.' });
    expect((await view(runId)).escalation).toBeNull();
    await deliver(runId, 71, escalation(second));
    expect((await view(runId)).escalation).toMatchObject({ id: second });
  });

  it('takes an outage notice for no change of status, and keeps an ended run ended', async () => {
    const { runId } = await registeredRun();
    await deliver(runId, 80, running('cofounder-sim'));
    await deliver(runId, 81, { type: 'run.status', status: 'running', reason: 'Waiting for billing to come back…' });
    expect(await view(runId)).toMatchObject({ status: 'running', reason: null, updatedAt: at(80).toISOString() });
    await deliver(runId, 82, { type: 'run.failed', reason: 'The model kept failing.' });
    // A cancelled run's last step meeting an outage tells the same notice after the end.
    await deliver(runId, 83, { type: 'run.status', status: 'running', reason: 'Waiting for billing to come back…' });
    await deliver(runId, 84, running('cofounder-sim'));
    expect(await view(runId)).toMatchObject({ status: 'failed', reason: 'The model kept failing.' });
  });

  it('shows a run to its owner only, and keeps nothing of a run the gateway never registered', async () => {
    const { runId, projectId } = await registeredRun(alice);
    await deliver(runId, 90, running('cofounder-sim'));
    expect(await views.findOwned(bob, runId)).toBeNull();
    expect(await views.listOwnedByProject(bob, projectId, 10)).toEqual([]);
    expect((await views.listOwnedByProject(alice, projectId, 10)).map((r) => [r.id, r.status])).toEqual([[runId, 'running']]);

    const stranger = randomUUID();
    await deliver(stranger, 91, running('cofounder-sim'));
    await deliver(stranger, 92, toolDone('toolu_x'));
    expect(await dataSource.query('SELECT 1 FROM gateway.run_projections WHERE run_id = $1', [stranger])).toEqual([]);
  });

  it('lists a project\'s runs newest first in one query', async () => {
    const { runId: older, projectId } = await registeredRun();
    const newer = randomUUID();
    await dataSource.query('INSERT INTO gateway.runs (id, project_id, owner_id, goal, created_at) VALUES ($1, $2, $3, $4, $5)',
      [newer, projectId, alice.id, 'Then this', at(1)]);
    await deliver(older, 100, { type: 'run.status', status: 'completed' });
    expect((await views.listOwnedByProject(alice, projectId, 10)).map((r) => [r.id, r.status])).toEqual([[newer, 'queued'], [older, 'completed']]);
  });

  it('passes over events that change nothing in the view, and refuses one that breaks its contract', async () => {
    const { runId } = await registeredRun();
    await deliver(runId, 110, { type: 'agent.message', text: 'Hello.' });
    expect((await view(runId)).status).toBe('queued');
    await expect(project.execute({ type: 'run.status', status: 'dancing', runId, at: at(111).toISOString() }, 111)).rejects.toThrow(InvalidInput);
  });

  it('reports cofounder_gateway_runs by status from the projection', async () => {
    const registry = new MetricsRegistry();
    new RunsByStatusGauge(registry, views);
    const counts = await views.countByStatus();
    const { runId } = await registeredRun();
    await deliver(runId, 120, { type: 'run.status', status: 'paused', reason: 'Paused by you.' });
    const { values } = await registry.getSingleMetric('cofounder_gateway_runs')!.get();
    const of = (status: string) => values.find((v) => v.labels.status === status)?.value;
    expect(of('paused')).toBe((counts.get('paused') ?? 0) + 1);
    expect(of('queued')).toBe(counts.get('queued') ?? 0);
    expect(of('cancelled')).toBe(0);
  });
});
