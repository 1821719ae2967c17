import type Stripe from 'stripe';
import type { TierConfig } from '@cofounder/config';
import { invoicePaidEvent, subscriptionEvent, SubscriptionFixture } from '../../test/stripe-fixtures';
import { readStripeEvent, tierOfPrice } from './subscription-change';

const T0 = 1_760_000_000;
const base: SubscriptionFixture = {
  eventId: 'evt_1', created: T0, subscriptionId: 'sub_1', founderId: 'user_a', priceId: 'price_builder',
  periodStart: T0, periodEnd: T0 + 30 * 86_400,
};
const asEvent = (e: Record<string, unknown>) => e as unknown as Stripe.Event;
const changeOf = (e: Record<string, unknown>) => {
  const reading = readStripeEvent(asEvent(e));
  if (reading.kind !== 'change') throw new Error(`ignored: ${reading.reason}`);
  return reading.change;
};

describe('readStripeEvent', () => {
  it('reads the founder, the first item\'s price and its period from a subscription', () => {
    expect(changeOf(subscriptionEvent(base))).toEqual({
      eventId: 'evt_1', eventType: 'customer.subscription.created', eventCreatedAt: new Date(T0 * 1000),
      ownerId: 'user_a', subscriptionId: 'sub_1', status: 'active', paying: true, priceId: 'price_builder',
      periodStart: new Date(T0 * 1000), periodEnd: new Date((T0 + 30 * 86_400) * 1000),
    });
  });

  it('takes the subscription\'s own period before API 2025-03-31', () => {
    const event = subscriptionEvent(base) as { data: { object: Record<string, unknown> & { items: { data: Record<string, unknown>[] } } } };
    const item = event.data.object.items.data[0];
    delete item.current_period_start;
    delete item.current_period_end;
    Object.assign(event.data.object, { current_period_start: T0 + 5, current_period_end: T0 + 10 });
    expect(changeOf(event)).toMatchObject({ periodStart: new Date((T0 + 5) * 1000), periodEnd: new Date((T0 + 10) * 1000) });
  });

  it.each([
    ['deleted', { type: 'customer.subscription.deleted', status: 'canceled' }, 'deleted'],
    ['cancelled', { type: 'customer.subscription.updated', status: 'canceled' }, 'canceled'],
    ['unpaid', { type: 'customer.subscription.updated', status: 'unpaid' }, 'unpaid'],
    ['its first payment has not gone through', { type: 'customer.subscription.created', status: 'incomplete' }, 'incomplete'],
    ['its first payment never went through', { type: 'customer.subscription.updated', status: 'incomplete_expired' }, 'incomplete_expired'],
  ] as const)('does not pay for a tier when %s', (_, overrides, status) => {
    expect(changeOf(subscriptionEvent({ ...base, ...overrides }))).toMatchObject({ status, paying: false });
  });

  it('keeps paying through past_due and trialing', () => {
    expect(changeOf(subscriptionEvent({ ...base, status: 'past_due' })).paying).toBe(true);
    expect(changeOf(subscriptionEvent({ ...base, status: 'trialing' })).paying).toBe(true);
  });

  it('reads invoice.paid from its subscription line: period and price', () => {
    const event = invoicePaidEvent({ ...base, founderId: 'user_a', periodStart: T0 + 100, periodEnd: T0 + 200 });
    expect(changeOf(event)).toMatchObject({
      eventType: 'invoice.paid', ownerId: 'user_a', subscriptionId: 'sub_1', paying: true, priceId: 'price_builder',
      periodStart: new Date((T0 + 100) * 1000), periodEnd: new Date((T0 + 200) * 1000),
    });
  });

  it('ignores a subscription without metadata.founderId, and other event types', () => {
    expect(readStripeEvent(asEvent(subscriptionEvent({ ...base, founderId: undefined })))).toEqual({
      kind: 'ignored', reason: 'the subscription has no metadata.founderId',
    });
    expect(readStripeEvent(asEvent({ ...subscriptionEvent(base), type: 'customer.created' })).kind).toBe('ignored');
  });
});

describe('tierOfPrice', () => {
  const tier = (stripePriceIds: string[]) => ({ stripePriceIds }) as TierConfig;
  const tiers = { bootstrapper: tier(['price_boot']), builder: tier(['price_builder', 'price_builder_yearly']) };

  it('names the tier whose stripePriceIds holds the price', () => {
    expect(tierOfPrice(tiers, 'price_builder_yearly')).toBe('builder');
  });

  it('names none for an unknown or missing price', () => {
    expect(tierOfPrice(tiers, 'price_other')).toBeUndefined();
    expect(tierOfPrice(tiers, null)).toBeUndefined();
  });
});
