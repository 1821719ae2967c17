import { randomUUID } from 'node:crypto';
import { INestApplication, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getRepositoryToken } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { Repository } from 'typeorm';
import { CofounderConfig, ConfigModule, loadConfig } from '@cofounder/config';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { BUNDLED_CONFIG, testEnvironment } from '../../../../test/support/test-environment';
import { BillingModule } from '../billing.module';
import { GetPlanUseCase } from '../plans/get-plan.use-case';
import { TierResolver } from '../plans/tier-resolver';
import { FounderSubscriptionEntity } from './founder-subscription.entity';
import { StripeEventEntity } from './stripe-event.entity';
import { invoicePaidEvent, subscriptionEvent, SubscriptionFixture } from '../../test/stripe-fixtures';

const SECRET = `whsec_${randomUUID().replaceAll('-', '')}`;
const bundled = loadConfig(BUNDLED_CONFIG);
const config: CofounderConfig = {
  ...bundled,
  tiers: {
    ...bundled.tiers,
    builder: { ...bundled.tiers.builder, stripePriceIds: ['price_builder_monthly', 'price_builder_yearly'] },
    scale: { ...bundled.tiers.scale, stripePriceIds: ['price_scale_monthly'] },
  },
};
const DAY = 86_400;
const now = () => Math.floor(Date.now() / 1000);

describe('POST /stripe/webhook against a real PostgreSQL', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let url: string;
  let tiers: TierResolver;
  let events: Repository<StripeEventEntity>;
  let subscriptions: Repository<FounderSubscriptionEntity>;

  beforeAll(async () => {
    db = await createTestDatabase('billing_stripe');
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(testEnvironment({ DATABASE_URL: db.url, STRIPE_WEBHOOK_SECRET: SECRET })), BillingModule],
    }).overrideProvider(CofounderConfig).useValue(config).compile();
    // rawBody: what startService's rawBody option gives the billing service.
    app = moduleRef.createNestApplication({ rawBody: true, logger: ['error', 'warn'] });
    await app.listen(0, '127.0.0.1');
    url = `${await app.getUrl()}/stripe/webhook`;
    tiers = app.get(TierResolver);
    events = app.get(getRepositoryToken(StripeEventEntity));
    subscriptions = app.get(getRepositoryToken(FounderSubscriptionEntity));
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  afterEach(() => jest.restoreAllMocks());

  /** Posts the event as Stripe does: pretty-printed JSON, signed over exactly those bytes. */
  async function deliver(event: Record<string, unknown>, sign: { secret?: string; timestamp?: number } = {}) {
    const payload = JSON.stringify(event, null, 2);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: sign.secret ?? SECRET, timestamp: sign.timestamp });
    const res = await fetch(url, {
      method: 'POST', body: payload,
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
    });
    return { status: res.status, body: (await res.json()) as unknown };
  }

  /** A founder of this test alone, with one subscription to the builder tier. */
  function founder(): SubscriptionFixture & { at: (fields: Partial<SubscriptionFixture>) => Record<string, unknown> } {
    const created = now() - 60;
    const fixture: SubscriptionFixture = {
      eventId: `evt_${randomUUID()}`, created, subscriptionId: `sub_${randomUUID()}`, founderId: `user_${randomUUID()}`,
      priceId: 'price_builder_monthly', periodStart: created, periodEnd: created + 30 * DAY,
    };
    return { ...fixture, at: (fields) => subscriptionEvent({ ...fixture, eventId: `evt_${randomUUID()}`, ...fields }) };
  }

  const ownerId = (f: SubscriptionFixture) => f.founderId as string;
  const onDefaultTier = { name: bundled.defaultTier, tier: config.tiers[bundled.defaultTier], endedAt: null };

  it('sets the founder\'s tier and period from customer.subscription.created', async () => {
    const f = founder();
    await expect(deliver(subscriptionEvent(f))).resolves.toEqual({ status: 200, body: { received: true } });

    await expect(tiers.tierOf(ownerId(f))).resolves.toEqual({
      name: 'builder', tier: config.tiers.builder,
      periodStart: new Date(f.periodStart * 1000), periodEnd: new Date(f.periodEnd * 1000), endedAt: null,
    });
    await expect(app.get(GetPlanUseCase).execute({ ownerId: ownerId(f) }))
      .resolves.toEqual({ tier: 'builder', model: config.tiers.builder.model });
  });

  it('answers 400 to a forged signature and changes nothing', async () => {
    const f = founder();
    const res = await deliver(subscriptionEvent(f), { secret: 'whsec_forged' });

    expect(res).toMatchObject({ status: 400, body: { statusCode: 400 } });
    await expect(tiers.tierOf(ownerId(f))).resolves.toEqual(onDefaultTier);
    expect(await events.countBy({ eventId: f.eventId })).toBe(0);
  });

  it('answers 400 to a body changed after signing', async () => {
    const f = founder();
    const payload = JSON.stringify(subscriptionEvent(f), null, 2);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
    const res = await fetch(url, {
      method: 'POST', body: payload.replace('price_builder_monthly', 'price_scale_monthly'),
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    });

    expect(res.status).toBe(400);
    await expect(tiers.tierOf(ownerId(f))).resolves.toEqual(onDefaultTier);
  });

  it('answers 400 to a signature without its header', async () => {
    const res = await fetch(url, { method: 'POST', body: JSON.stringify(subscriptionEvent(founder())), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
  });

  it('answers 400 to a stale timestamp (past the SDK\'s default tolerance) and changes nothing', async () => {
    const f = founder();
    const res = await deliver(subscriptionEvent(f), { timestamp: now() - Stripe.webhooks.DEFAULT_TOLERANCE - 60 });

    expect(res.status).toBe(400);
    await expect(tiers.tierOf(ownerId(f))).resolves.toEqual(onDefaultTier);
    expect(await events.countBy({ eventId: f.eventId })).toBe(0);
  });

  it('applies a replayed event once', async () => {
    const f = founder();
    const first = subscriptionEvent(f);
    await deliver(first);
    // Created in the same second, delivered later: it wins over the first...
    await deliver(f.at({ type: 'customer.subscription.updated', priceId: 'price_scale_monthly' }));
    expect((await tiers.tierOf(ownerId(f))).name).toBe('scale');

    // ...and the first, delivered again, would win back if it were applied twice.
    await expect(deliver(first)).resolves.toEqual({ status: 200, body: { received: true } });
    expect((await tiers.tierOf(ownerId(f))).name).toBe('scale');
    expect(await events.countBy({ eventId: f.eventId })).toBe(1);
  });

  it('changes nothing with an event older than the last applied', async () => {
    const f = founder();
    const newer = f.at({ type: 'customer.subscription.updated', created: f.created + 10, priceId: 'price_scale_monthly' });
    const older = f.at({ type: 'customer.subscription.updated', created: f.created + 5, priceId: 'price_builder_yearly', periodEnd: f.periodEnd + DAY });
    await deliver(newer);

    await expect(deliver(older)).resolves.toEqual({ status: 200, body: { received: true } });
    await expect(tiers.tierOf(ownerId(f))).resolves.toEqual({
      name: 'scale', tier: config.tiers.scale, periodStart: new Date(f.periodStart * 1000), periodEnd: new Date(f.periodEnd * 1000), endedAt: null,
    });
    expect(await subscriptions.findOneByOrFail({ subscriptionId: f.subscriptionId, ownerId: ownerId(f) }))
      .toMatchObject({ eventId: newer.id, priceId: 'price_scale_monthly' });
  });

  it('puts the founder on the default tier when the subscription is deleted, their periods counted from then', async () => {
    const f = founder();
    await deliver(subscriptionEvent(f));
    await deliver(f.at({ type: 'customer.subscription.deleted', status: 'canceled', created: f.created + 1 }));

    await expect(tiers.tierOf(ownerId(f))).resolves.toEqual({ ...onDefaultTier, endedAt: new Date((f.created + 1) * 1000) });
  });

  it('puts the founder on the default tier when the subscription is unpaid', async () => {
    const f = founder();
    await deliver(subscriptionEvent(f));
    await deliver(f.at({ type: 'customer.subscription.updated', status: 'unpaid', created: f.created + 1 }));

    await expect(tiers.tierOf(ownerId(f))).resolves.toEqual({ ...onDefaultTier, endedAt: new Date((f.created + 1) * 1000) });
  });

  it('puts the founder on the default tier, and logs it, for a price id that names no tier', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const f = founder();
    await deliver(subscriptionEvent(f));
    await deliver(f.at({ type: 'customer.subscription.updated', created: f.created + 1, priceId: 'price_unknown' }));

    expect((await tiers.tierOf(ownerId(f))).name).toBe(bundled.defaultTier);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({
      msg: 'stripe price names no tier', priceId: 'price_unknown', ownerId: ownerId(f), subscriptionId: f.subscriptionId,
    }));
  });

  it('sets the tier and period from invoice.paid\'s subscription line', async () => {
    const f = founder();
    await deliver(subscriptionEvent(f));
    const renewal = { start: f.periodEnd, end: f.periodEnd + 30 * DAY };
    await deliver(invoicePaidEvent({
      eventId: `evt_${randomUUID()}`, created: f.created + 1, subscriptionId: f.subscriptionId, founderId: ownerId(f),
      priceId: 'price_scale_monthly', periodStart: renewal.start, periodEnd: renewal.end,
    }));

    await expect(tiers.tierOf(ownerId(f))).resolves.toEqual({
      name: 'scale', tier: config.tiers.scale, periodStart: new Date(renewal.start * 1000), periodEnd: new Date(renewal.end * 1000), endedAt: null,
    });
  });

  it('keeps founders apart', async () => {
    const a = founder();
    const b = founder();
    await deliver(subscriptionEvent({ ...a, priceId: 'price_scale_monthly' }));

    expect((await tiers.tierOf(ownerId(a))).name).toBe('scale');
    await expect(tiers.tierOf(ownerId(b))).resolves.toEqual(onDefaultTier);
  });

  it('answers 200 to an event it does not act on', async () => {
    await expect(deliver({ id: `evt_${randomUUID()}`, object: 'event', created: now(), type: 'customer.created', data: { object: {} } }))
      .resolves.toEqual({ status: 200, body: { received: true } });
  });
});
