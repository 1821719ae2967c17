import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { PATTERN_EXTRAS_METADATA } from '@nestjs/microservices/constants';
import { Test } from '@nestjs/testing';
import { getRepositoryToken } from '@nestjs/typeorm';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { Repository } from 'typeorm';
import { CofounderConfig, ConfigModule, loadConfig } from '@cofounder/config';
import { BillingPlan, Filters, Streams, Subjects, UsageRecordedV1 } from '@cofounder/contracts';
import { JetStreamPublisher, JetStreamServer, NatsConnectionHolder, RpcClient } from '@cofounder/messaging';
import { ErrorsFilter } from '@cofounder/observability';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { BUNDLED_CONFIG, testEnvironment } from '../../../test/support/test-environment';
import { uniqueName } from '../../../test/support/test-nats';
import { waitFor } from '../../../test/support/wait-for';
import { AuthorizeCallUseCase } from './authorization/authorize-call.use-case';
import { BillingModule } from './billing.module';
import { LedgerEntryEntity } from './ledger/ledger-entry.entity';
import { LedgerRepository } from './ledger/ledger.repository';
import { GetRunCostUseCase } from './run-cost/get-run-cost.use-case';
import { RecordUsageUseCase } from './usage/record-usage.use-case';
import { UsageController } from './usage/usage.controller';

const RUN_CAP = 5_000_000;
const bundled = loadConfig(BUNDLED_CONFIG);
// The default tier with a $5 run cap, so the cap is reached with a few calls.
const config: CofounderConfig = {
  ...bundled,
  tiers: { ...bundled.tiers, [bundled.defaultTier]: { ...bundled.tiers[bundled.defaultTier], runCapMicrodollars: RUN_CAP } },
};
const model = bundled.tiers[bundled.defaultTier].model; // priced like Sonnet: $3 in, $15 out per million

function usage(runId: string, tokens: Partial<UsageRecordedV1> = {}): UsageRecordedV1 {
  return {
    responseId: `msg_${randomUUID()}`, runId, ownerId: 'user_billing_test', projectId: randomUUID(), model,
    inputTokens: 1000, outputTokens: 200, cacheCreationInputTokens: 0, cacheReadInputTokens: 0,
    at: new Date().toISOString(), ...tokens,
  };
}

describe('billing against a real PostgreSQL and NATS', () => {
  // The service's durable is shared by every billing instance on this NATS server: the test
  // consumes USAGE through a durable of its own, so it takes no other instance's messages.
  const durable = uniqueName('billing-usage');
  const handler = UsageController.prototype.record;
  const serviceExtras = Reflect.getMetadata(PATTERN_EXTRAS_METADATA, handler);
  let db: TestDatabase;
  let app: INestApplication;
  let nats: NatsConnectionHolder;
  let entries: Repository<LedgerEntryEntity>;
  let ledger: LedgerRepository;
  let recordUsage: RecordUsageUseCase;
  let authorize: AuthorizeCallUseCase;

  const rowsOf = (usageId: string) => entries.countBy({ usageId });

  beforeAll(async () => {
    db = await createTestDatabase('billing');
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(testEnvironment({ DATABASE_URL: db.url })), BillingModule],
    }).overrideProvider(CofounderConfig).useValue(config).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    await app.init();
    nats = app.get(NatsConnectionHolder);

    // Made before the transport's own, so that it starts at new messages instead of the stream's history.
    await nats.jsm.consumers.add(Streams.USAGE, {
      durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.New, filter_subject: Filters.usage,
    });
    Reflect.defineMetadata(PATTERN_EXTRAS_METADATA, { ...serviceExtras, durable }, handler);
    // As startService does, on a queue group of the test's own.
    app.connectMicroservice({ strategy: new JetStreamServer(nats, { queue: uniqueName('billing'), ackWaitMs: 5_000, maxDeliver: 3 }) })
      .useGlobalFilters(new ErrorsFilter());
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');

    entries = app.get(getRepositoryToken(LedgerEntryEntity));
    ledger = app.get(LedgerRepository);
    recordUsage = app.get(RecordUsageUseCase);
    authorize = app.get(AuthorizeCallUseCase);
  });

  afterAll(async () => {
    Reflect.defineMetadata(PATTERN_EXTRAS_METADATA, serviceExtras, handler);
    await nats.jsm.consumers.delete(Streams.USAGE, durable);
    await app.close();
    await db.drop();
  });

  it('serves USAGE through the durable the service declares', () => {
    expect(serviceExtras).toMatchObject({ stream: Streams.USAGE, durable: 'billing-usage', payload: UsageRecordedV1 });
  });

  describe('the ledger', () => {
    it('bills a usage handled twice only once', async () => {
      const call = usage(randomUUID());
      await expect(recordUsage.execute(call)).resolves.toBe(true);
      await expect(recordUsage.execute(call)).resolves.toBe(false);
      expect(await rowsOf(call.responseId)).toBe(1);
      // 1,000 input tokens at $3/M and 200 output at $15/M
      expect(await ledger.spentByRun(call.runId)).toBe(3_000 + 3_000);
    });

    it('sums a run and reads bigint money back as exact numbers', async () => {
      const runId = randomUUID();
      const big = 3_000_000_000_000_123;
      await ledger.recordOnce({
        usageId: `msg_${randomUUID()}`, runId, ownerId: 'user_billing_test', projectId: randomUUID(), model,
        inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0,
        costMicrodollars: big, recordedAt: new Date(),
      });
      await recordUsage.execute(usage(runId));
      expect(await ledger.spentByRun(runId)).toBe(big + 6_000);
      expect((await entries.findOneByOrFail({ runId, costMicrodollars: big })).costMicrodollars).toBe(big);
    });

    it('answers zero for a run with no usage', async () => {
      expect(await ledger.spentByRun(randomUUID())).toBe(0);
    });
  });

  describe('the USAGE consumer', () => {
    it('bills a usage message published to the stream', async () => {
      const call = usage(randomUUID(), { inputTokens: 10_000, cacheReadInputTokens: 50_000 });
      await app.get(JetStreamPublisher).publish(Subjects.usageRecorded, call, call.responseId);
      await waitFor(async () => ((await rowsOf(call.responseId)) ? true : undefined), 'the ledger row');
      const entry = await entries.findOneByOrFail({ usageId: call.responseId });
      expect(entry).toMatchObject({ runId: call.runId, ownerId: call.ownerId, model, inputTokens: 10_000, cacheReadInputTokens: 50_000 });
      // 30,000 (input) + 3,000 (output) + 15,000 (cache reads at $0.30/M)
      expect(entry.costMicrodollars).toBe(48_000);
      expect(entry.recordedAt.toISOString()).toBe(call.at);
    });

    it('bills a message published twice, or redelivered, once', async () => {
      const publisher = app.get(JetStreamPublisher);
      const call = usage(randomUUID());
      const first = await publisher.publish(Subjects.usageRecorded, call, call.responseId);
      const retried = await publisher.publish(Subjects.usageRecorded, call, call.responseId);
      expect(retried.duplicate).toBe(true);
      // Past the stream's duplicate window the same usage arrives as a new message.
      const late = await publisher.publish(Subjects.usageRecorded, call, `${call.responseId}:late`);
      expect(late.seq).toBeGreaterThan(first.seq);
      await waitFor(async () => {
        const info = await nats.jsm.consumers.info(Streams.USAGE, durable);
        return info.ack_floor.stream_seq >= late.seq ? true : undefined;
      }, 'both messages handled');
      expect(await rowsOf(call.responseId)).toBe(1);
      expect(await ledger.spentByRun(call.runId)).toBe(6_000);
    });
  });

  describe('authorization', () => {
    it('allows calls below the run cap and refuses one that would pass it', async () => {
      const runId = randomUUID();
      const ownerId = 'user_billing_test';
      // $3 of input and $1.50 of output: $4.50 spent of $5
      await recordUsage.execute(usage(runId, { inputTokens: 1_000_000, outputTokens: 100_000 }));

      await expect(authorize.execute({ runId, ownerId, model, estimatedCostMicrodollars: 400_000 }))
        .resolves.toEqual({ allowed: true, spentMicrodollars: 4_500_000 });
      await expect(authorize.execute({ runId, ownerId, model, estimatedCostMicrodollars: 500_000 }))
        .resolves.toEqual({ allowed: true, spentMicrodollars: 4_500_000 });
      await expect(authorize.execute({ runId, ownerId, model, estimatedCostMicrodollars: 500_001 }))
        .resolves.toEqual({ allowed: false, reason: 'This run has spent its $5.00 cap', spentMicrodollars: 4_500_000 });
    });

    it('counts only the run asked about', async () => {
      await expect(authorize.execute({ runId: randomUUID(), ownerId: 'user_billing_test', model, estimatedCostMicrodollars: RUN_CAP }))
        .resolves.toEqual({ allowed: true, spentMicrodollars: 0 });
    });

    it('tells the cost of a run', async () => {
      const call = usage(randomUUID());
      await recordUsage.execute(call);
      await expect(app.get(GetRunCostUseCase).execute({ runId: call.runId })).resolves.toEqual({ runId: call.runId, costMicrodollars: 6_000 });
    });
  });

  describe('the service', () => {
    it('answers billing.plan over NATS with the founder\'s tier and model', async () => {
      await expect(new RpcClient(nats).request(BillingPlan, { ownerId: 'user_billing_test' }))
        .resolves.toEqual({ tier: bundled.defaultTier, model });
    });

    it('reports NATS and PostgreSQL on /health', async () => {
      const res = await fetch(`${await app.getUrl()}/health`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { info: unknown }).info).toMatchObject({ nats: { status: 'up' }, postgres: { status: 'up' } });
    });
  });
});
