import { randomUUID } from 'node:crypto';
import { getRepositoryToken } from '@nestjs/typeorm';
import { PATTERN_EXTRAS_METADATA } from '@nestjs/microservices/constants';
import { DataSource, Repository } from 'typeorm';
import {
  BillingAuthorize, BillingConfirmBudget, BillingExpireReservations, BillingPlan, BillingReleaseReservations, BillingRunCost,
  BillingUsage, Streams, Subjects, UsageRecordedV1,
} from '@cofounder/contracts';
import { JetStreamPublisher, RpcClient } from '@cofounder/messaging';
import { MetricsRegistry } from '@cofounder/observability';
import { uniqueName } from '../../../test/support/test-nats';
import { waitFor } from '../../../test/support/wait-for';
import { BillingTestApp, callOf, DAY_MS, MODEL, newFounder, startBilling, usageOf } from '../test/billing-test-app';
import { founderOf } from './founders/founder-id';
import { LedgerEntryEntity } from './ledger/ledger-entry.entity';
import { LedgerRepository } from './ledger/ledger.repository';
import { ReservationEntity } from './reservations/reservation.entity';
import { RecordUsageUseCase } from './usage/record-usage.use-case';
import { UsageController } from './usage/usage.controller';

describe('billing against a real PostgreSQL and NATS', () => {
  const durable = uniqueName('billing-usage');
  let t: BillingTestApp;
  let rpc: RpcClient;
  let entries: Repository<LedgerEntryEntity>;
  let reservations: Repository<ReservationEntity>;
  let recordUsage: RecordUsageUseCase;
  const newCall = (ownerId = newFounder()) => callOf(ownerId, randomUUID(), randomUUID(), t.clock);
  const rowsOf = (usageId: string) => entries.countBy({ usageId });
  const publishUsage = (usage: UsageRecordedV1, msgID = usage.responseId) =>
    t.app.get(JetStreamPublisher).publish(Subjects.usageRecorded, usage, msgID);
  const costCounted = async () => (await t.app.get(MetricsRegistry).getSingleMetric('cofounder_billing_cost_microdollars_total')!.get())
    .values.find((v) => v.labels.model === MODEL)?.value ?? 0;

  beforeAll(async () => {
    t = await startBilling({ usageDurable: durable });
    rpc = new RpcClient(t.nats);
    entries = t.app.get(getRepositoryToken(LedgerEntryEntity));
    reservations = t.app.get(getRepositoryToken(ReservationEntity));
    recordUsage = t.app.get(RecordUsageUseCase);
  });
  afterAll(() => t.close());

  it('serves USAGE through the durable the service declares', () => {
    // startBilling puts the service's own extras back at close; here they carry the test's durable.
    expect(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, UsageController.prototype.record)).toMatchObject({ stream: Streams.USAGE, durable });
  });

  it('bills a usage published to the stream, settling its reservation, in the day it was authorized', async () => {
    const call = newCall();
    const authorizedAt = t.clock.now();
    const { reservationId } = await rpc.request(BillingAuthorize, call);
    t.clock.advance(DAY_MS); // the usage arrives the next pacing day
    const usage = usageOf(call, reservationId, t.clock, { inputTokens: 10_000, outputTokens: 100, cacheReadInputTokens: 50_000 });
    await publishUsage(usage);
    await waitFor(async () => ((await rowsOf(usage.responseId)) ? true : undefined), 'the ledger row');
    const entry = await entries.findOneByOrFail({ usageId: usage.responseId });
    // 30,000 (input) + 1,500 (output) + 15,000 (cache reads at $0.30/M)
    expect(entry).toMatchObject({ ownerId: call.ownerId, costMicrodollars: 46_500, reservationId, authorizedAt, recordedAt: t.clock.now() });
    expect(await reservations.countBy({ id: reservationId })).toBe(0);
  });

  it('bills a usage handled twice, published twice or redelivered, once', async () => {
    const call = newCall();
    const { reservationId } = await rpc.request(BillingAuthorize, call);
    const usage = usageOf(call, reservationId, t.clock);
    const costBefore = await costCounted();
    await expect(recordUsage.execute(usage)).resolves.toBe(true);
    await expect(recordUsage.execute(usage)).resolves.toBe(false);
    const first = await publishUsage(usage);
    expect((await publishUsage(usage)).duplicate).toBe(true);
    // Past the stream's duplicate window the same usage arrives as a new message.
    const late = await publishUsage(usage, `${usage.responseId}:late`);
    expect(late.seq).toBeGreaterThan(first.seq);
    await waitFor(async () => {
      const info = await t.nats.jsm.consumers.info(Streams.USAGE, durable);
      return info.ack_floor.stream_seq >= late.seq ? true : undefined;
    }, 'every message handled');
    expect(await rowsOf(usage.responseId)).toBe(1);
    await expect(rpc.request(BillingRunCost, { runId: call.runId, ownerId: call.ownerId })).resolves.toEqual({ runId: call.runId, costMicrodollars: 60_000 });
    expect(await costCounted() - costBefore).toBe(60_000);
  });

  it('reads bigint money back as exact numbers, and a run\'s cost only under its founder', async () => {
    const call = newCall();
    const big = 3_000_000_000_000_123;
    await t.app.get(DataSource).transaction((em) => t.app.get(LedgerRepository).recordOnce(founderOf(call), {
      usageId: `msg_${randomUUID()}`, runId: call.runId, projectId: call.projectId, model: MODEL, inputTokens: 0, outputTokens: 0,
      cacheCreationInputTokens: 0, cacheReadInputTokens: 0, costMicrodollars: big, recordedAt: t.clock.now(),
      authorizedAt: t.clock.now(), reservationId: null,
    }, em));
    await recordUsage.execute(usageOf(call, undefined, t.clock));
    await expect(rpc.request(BillingRunCost, { runId: call.runId, ownerId: call.ownerId }))
      .resolves.toEqual({ runId: call.runId, costMicrodollars: big + 60_000 });
    expect((await entries.findOneByOrFail({ runId: call.runId, costMicrodollars: big })).costMicrodollars).toBe(big);
    await expect(rpc.request(BillingRunCost, { runId: call.runId, ownerId: newFounder() })).resolves.toEqual({ runId: call.runId, costMicrodollars: 0 });
  });

  it('answers release, expire and confirm-budget over NATS', async () => {
    const call = newCall();
    await rpc.request(BillingAuthorize, call);
    await expect(rpc.request(BillingReleaseReservations, { runId: call.runId, ownerId: call.ownerId })).resolves.toEqual({ released: 1 });
    await expect(rpc.request(BillingExpireReservations, {})).resolves.toEqual({ released: expect.any(Number) });
    const { periodEnd } = await rpc.request(BillingConfirmBudget, { ownerId: call.ownerId });
    expect(new Date(periodEnd).getTime()).toBe(t.clock.now().getTime() + 30 * DAY_MS);
  });

  it('gives the founder\'s usage: tier, period, budget, today\'s figures and each project\'s spend', async () => {
    const ownerId = newFounder();
    const start = t.clock.now();
    const [a, b] = [newCall(ownerId), newCall(ownerId)];
    for (const call of [a, a, b]) {
      const { reservationId } = await rpc.request(BillingAuthorize, call);
      await recordUsage.execute(usageOf(call, reservationId, t.clock)); // $0.06 each
    }
    await rpc.request(BillingAuthorize, b); // never settled: expired by tomorrow, so it holds nothing back
    t.clock.advance(DAY_MS);
    await recordUsage.execute(usageOf(b, (await rpc.request(BillingAuthorize, b)).reservationId, t.clock, { outputTokens: 0 }));
    await expect(rpc.request(BillingUsage, { ownerId })).resolves.toEqual({
      tier: 'paced', model: MODEL,
      periodStart: start.toISOString(), periodEnd: new Date(start.getTime() + 30 * DAY_MS).toISOString(),
      budgetMicrodollars: 30_000_000, spentMicrodollars: 210_000, spentTodayMicrodollars: 30_000,
      // ($30 − $0.18 settled yesterday) ÷ 29 days left
      todayAllowanceMicrodollars: Math.floor(29_820_000 / 29),
      projects: [{ projectId: a.projectId, spentMicrodollars: 120_000 }, { projectId: b.projectId, spentMicrodollars: 90_000 }],
    });
  });

  it('answers billing.plan with the founder\'s tier and model, and reports its dependencies on /health', async () => {
    await expect(rpc.request(BillingPlan, { ownerId: newFounder() })).resolves.toEqual({ tier: 'paced', model: MODEL });
    const res = await fetch(`${await t.app.getUrl()}/health`);
    expect(((await res.json()) as { info: unknown }).info).toMatchObject({ nats: { status: 'up' }, postgres: { status: 'up' } });
  });
});
