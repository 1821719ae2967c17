import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { PATTERN_EXTRAS_METADATA } from '@nestjs/microservices/constants';
import { Test } from '@nestjs/testing';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { Clock, CofounderConfig, ConfigModule, loadConfig, ManualClock, TierConfig } from '@cofounder/config';
import { AuthorizeRequestV1, Filters, Streams, UsageRecordedV1 } from '@cofounder/contracts';
import { JetStreamServer, NatsConnectionHolder } from '@cofounder/messaging';
import { ErrorsFilter } from '@cofounder/observability';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { BUNDLED_CONFIG, testEnvironment } from '../../../test/support/test-environment';
import { uniqueName } from '../../../test/support/test-nats';
import { BillingModule } from '../src/billing.module';
import { UsageController } from '../src/usage/usage.controller';

export const DAY_MS = 60_000;
export const TTL_MS = 1_000;
export const MODEL = 'claude-sonnet-4-5'; // $3 in, $15 out per million tokens
/** A $30 period of 30 pacing days: $1 a day on the first day, $0.60 per awake period. */
export const TIER: TierConfig = {
  model: MODEL, monthlyBudgetMicrodollars: 30_000_000, toolCallCap: 150, awakePeriodCapMicrodollars: 600_000,
  stripePriceIds: [], usualTurnInputTokens: 10_000, usualTurnOutputTokens: 1_000,
};

const bundled = loadConfig(BUNDLED_CONFIG);
export const testConfig: CofounderConfig = {
  ...bundled,
  tiers: { ...bundled.tiers, paced: TIER },
  defaultTier: 'paced',
  periodDays: 30,
  time: { ...bundled.time, dayMs: DAY_MS, reservationTtlMs: TTL_MS },
};

export interface BillingTestApp {
  app: INestApplication;
  nats: NatsConnectionHolder;
  clock: ManualClock;
  close(): Promise<void>;
}

export interface BillingTestOptions {
  usageDurable?: string;
  /** A NATS server of the test's own instead of the shared one (to shorten EVENTS' duplicate window, say). */
  natsUrl?: string;
  eventsDuplicateWindowMs?: number;
}

/**
 * Billing on a database of its own and the shared NATS, with a manual clock. With
 * `usageDurable`, USAGE is consumed through a durable of the test's own, so it takes no other
 * billing instance's messages, starting at new messages rather than the stream's history.
 */
export async function startBilling(options: BillingTestOptions = {}): Promise<BillingTestApp> {
  const db: TestDatabase = await createTestDatabase('billing');
  const clock = new ManualClock(new Date('2026-03-01T00:00:00Z'));
  const { natsUrl, eventsDuplicateWindowMs } = options;
  const config = eventsDuplicateWindowMs ? { ...testConfig, limits: { ...testConfig.limits, eventsDuplicateWindowMs } } : testConfig;
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(testEnvironment({ DATABASE_URL: db.url, ...(natsUrl ? { NATS_URL: natsUrl } : {}) })), BillingModule],
  }).overrideProvider(CofounderConfig).useValue(config).overrideProvider(Clock).useValue(clock).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  await app.init();
  const nats = app.get(NatsConnectionHolder);
  const handler = UsageController.prototype.record;
  const serviceExtras = Reflect.getMetadata(PATTERN_EXTRAS_METADATA, handler);
  const durable = options.usageDurable;
  if (durable) {
    await nats.jsm.consumers.add(Streams.USAGE, {
      durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.New, filter_subject: Filters.usage,
    });
    Reflect.defineMetadata(PATTERN_EXTRAS_METADATA, { ...serviceExtras, durable }, handler);
  }
  // As startService does, on a queue group of the test's own.
  app.connectMicroservice({ strategy: new JetStreamServer(nats, { queue: uniqueName('billing'), ackWaitMs: 5_000, maxDeliver: 3 }) })
    .useGlobalFilters(new ErrorsFilter());
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  return {
    app, nats, clock,
    close: async () => {
      Reflect.defineMetadata(PATTERN_EXTRAS_METADATA, serviceExtras, handler);
      if (durable) await nats.jsm.consumers.delete(Streams.USAGE, durable);
      await app.close();
      await db.drop();
    },
  };
}

/** A founder of one test: nothing spent, nothing reserved. */
export function newFounder(): string {
  return `user_${randomUUID()}`;
}

/** 10,000 input tokens ($0.03) and 2,000 of output ($0.03): a worst case of $0.06. */
export function callOf(ownerId: string, projectId: string, runId: string, clock: Clock): AuthorizeRequestV1 {
  return {
    runId, ownerId, projectId, model: MODEL, estimatedInputTokens: 10_000, maxOutputTokens: 2_000,
    awakeSince: new Date(clock.now().getTime() - 1).toISOString(),
  };
}
export const CALL_COST = 60_000;

export function usageOf(call: AuthorizeRequestV1, reservationId: string | undefined, clock: Clock, tokens: Partial<UsageRecordedV1> = {}): UsageRecordedV1 {
  return {
    responseId: `msg_${randomUUID()}`, runId: call.runId, ownerId: call.ownerId, projectId: call.projectId, model: call.model,
    inputTokens: call.estimatedInputTokens, outputTokens: call.maxOutputTokens, cacheCreationInputTokens: 0, cacheReadInputTokens: 0,
    at: clock.now().toISOString(), reservationId, ...tokens,
  };
}
