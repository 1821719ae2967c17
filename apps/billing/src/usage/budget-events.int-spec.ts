import { randomUUID } from 'node:crypto';
import { Streams, Subjects } from '@cofounder/contracts';
import { MetricsRegistry } from '@cofounder/observability';
import { BillingTestApp, callOf, MODEL, newFounder, startBilling, usageOf } from '../../test/billing-test-app';
import { AuthorizeCallUseCase } from '../authorization/authorize-call.use-case';
import { ConfirmBudgetUseCase } from '../budget/confirm-budget.use-case';
import { RecordUsageUseCase } from './record-usage.use-case';

describe('what a settled call tells the founder', () => {
  let t: BillingTestApp;
  let authorize: AuthorizeCallUseCase;
  let recordUsage: RecordUsageUseCase;

  beforeAll(async () => {
    t = await startBilling();
    authorize = t.app.get(AuthorizeCallUseCase);
    recordUsage = t.app.get(RecordUsageUseCase);
  });
  afterAll(() => t.close());

  /** The run's events of one type, as the EVENTS stream holds them: how many, and the last. */
  async function eventsOf(runId: string, type: string): Promise<{ count: number; last?: Record<string, unknown> }> {
    const subject = Subjects.runEvent(runId, type);
    const info = await t.nats.jsm.streams.info(Streams.EVENTS, { subjects_filter: subject });
    const count = info.state.subjects?.[subject] ?? 0;
    if (!count) return { count };
    return { count, last: (await t.nats.jsm.streams.getMessage(Streams.EVENTS, { last_by_subj: subject }))!.json() };
  }

  it('publishes budget.updated with the day\'s figures after each settle, once per usage', async () => {
    const call = callOf(newFounder(), randomUUID(), randomUUID(), t.clock);
    const { reservationId } = await authorize.execute(call);
    const usage = usageOf(call, reservationId, t.clock);
    await recordUsage.execute(usage);
    await recordUsage.execute(usage);
    expect(await eventsOf(call.runId, 'budget.updated')).toEqual({ count: 1, last: expect.objectContaining({
      type: 'budget.updated', runId: call.runId,
      spentMicrodollars: 60_000, budgetMicrodollars: 30_000_000, todayAllowanceMicrodollars: 1_000_000, spentTodayMicrodollars: 60_000,
      runCostMicrodollars: 60_000,
    }) });
  });

  it('tells the run\'s input tokens by kind with each budget.updated, and counts them by model and kind', async () => {
    const metrics = t.app.get(MetricsRegistry);
    const tokens = async (kind: string) => (await metrics.getSingleMetric('cofounder_billing_input_tokens_total')!.get())
      .values.find((v) => v.labels.model === MODEL && v.labels.kind === kind)?.value ?? 0;
    const before = { uncached: await tokens('uncached'), read: await tokens('cache_read'), write: await tokens('cache_write') };
    const call = callOf(newFounder(), randomUUID(), randomUUID(), t.clock);
    const settle = async (inputTokens: number, cacheCreationInputTokens: number, cacheReadInputTokens: number) => recordUsage.execute(
      usageOf(call, (await authorize.execute(call)).reservationId, t.clock, { inputTokens, cacheCreationInputTokens, cacheReadInputTokens }));
    await settle(100, 9_000, 0);
    const first = usageOf(call, undefined, t.clock, { inputTokens: 50, cacheCreationInputTokens: 1_000, cacheReadInputTokens: 9_000 });
    await recordUsage.execute(first);
    await recordUsage.execute(first); // a redelivery counts nothing twice
    expect((await eventsOf(call.runId, 'budget.updated')).last).toEqual(expect.objectContaining({
      runInputTokens: 150, runCacheCreationInputTokens: 10_000, runCacheReadInputTokens: 9_000,
    }));
    expect({ uncached: await tokens('uncached'), read: await tokens('cache_read'), write: await tokens('cache_write') })
      .toEqual({ uncached: before.uncached + 150, read: before.read + 9_000, write: before.write + 10_000 });
  });

  it('sends budget.alert at 50% to every active run of the founder, once a period', async () => {
    const ownerId = newFounder();
    const [a, b] = [callOf(ownerId, randomUUID(), randomUUID(), t.clock), callOf(ownerId, randomUUID(), randomUUID(), t.clock)];
    await t.app.get(ConfirmBudgetUseCase).execute(a);
    await authorize.execute(b); // b is active: it holds a reservation
    const spend = async (microdollars: number) =>
      recordUsage.execute(usageOf(a, (await authorize.execute(a)).reservationId, t.clock, { inputTokens: microdollars / 3, outputTokens: 0 }));
    await spend(30_000);
    expect(await eventsOf(a.runId, 'budget.alert')).toEqual({ count: 0 });
    await recordUsage.execute(usageOf(a, undefined, t.clock, { inputTokens: 15_000_000 / 3, outputTokens: 0 })); // past half
    await spend(30_000);
    for (const run of [a, b]) {
      expect(await eventsOf(run.runId, 'budget.alert')).toEqual({ count: 1, last: expect.objectContaining({ type: 'budget.alert', percent: 50 }) });
    }
  });

  it('warns once when an awake period costs more than 3x a usual call of the tier\'s model', async () => {
    const metrics = t.app.get(MetricsRegistry);
    const count = async () => (await metrics.getSingleMetric('cofounder_billing_costly_awake_period_total')!.get()).values[0]?.value ?? 0;
    const before = await count();
    const call = callOf(newFounder(), randomUUID(), randomUUID(), t.clock);
    const settle = async (model: string, outputTokens: number) =>
      recordUsage.execute(usageOf(call, (await authorize.execute(call)).reservationId, t.clock, { model, outputTokens }));
    // A usual call of the tier: 10,000 input tokens and 1,000 of output at Sonnet's price, $0.045; three of them $0.135.
    await settle(MODEL, 0); // $0.03
    expect(await count()).toBe(before);
    // The run's calls billed on Opus 4.1 ($15 in, $75 out), the model-mismatch signal: $0.30.
    await settle('claude-opus-4-1', 2_000); // ($0.03 + $0.30) ÷ 2 = $0.165
    expect(await count()).toBe(before + 1);
    await settle('claude-opus-4-1', 2_000); // $0.21 a call: still costly, already warned about
    expect(await count()).toBe(before + 1);
  });
});
