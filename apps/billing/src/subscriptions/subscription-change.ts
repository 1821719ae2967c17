import type Stripe from 'stripe';
import type { TierConfig } from '@cofounder/config';

/** What one Stripe event says about one founder's subscription. */
export interface SubscriptionChange {
  eventId: string;
  eventType: string;
  /** When Stripe created the event: an older one than the last applied changes nothing. */
  eventCreatedAt: Date;
  ownerId: string;
  subscriptionId: string;
  /** Stripe's status, or `deleted`. */
  status: string;
  /** False for a deleted, unpaid or cancelled subscription: its founder is on the default tier. */
  paying: boolean;
  priceId: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
}

export type StripeEventReading =
  | { kind: 'change'; change: SubscriptionChange }
  | { kind: 'ignored'; reason: string };

// incomplete and incomplete_expired: the first payment never went through, so nothing was paid for yet.
const NOT_PAYING: ReadonlySet<string> = new Set(['canceled', 'unpaid', 'incomplete', 'incomplete_expired']);

/** Before API 2025-03-31 the period lived on the subscription, not on its items. */
type LegacySubscription = Stripe.Subscription & { current_period_start?: number; current_period_end?: number };

const at = (seconds: number | null | undefined): Date | null => (typeof seconds === 'number' ? new Date(seconds * 1000) : null);
const idOf = (ref: string | { id: string } | null | undefined): string | null => (typeof ref === 'string' ? ref : ref?.id ?? null);

/** Reads a verified Stripe event; pure, so every shape is tested without HTTP or a database. */
export function readStripeEvent(event: Stripe.Event): StripeEventReading {
  switch (event.type) {
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
      return fromSubscription(event, event.data.object, false);
    case 'customer.subscription.deleted':
      return fromSubscription(event, event.data.object, true);
    case 'invoice.paid':
      return fromPaidInvoice(event, event.data.object);
    default:
      return { kind: 'ignored', reason: 'not a subscription event' };
  }
}

function fromSubscription(event: Stripe.Event, subscription: LegacySubscription, deleted: boolean): StripeEventReading {
  const ownerId = subscription.metadata?.founderId;
  if (!ownerId) return { kind: 'ignored', reason: 'the subscription has no metadata.founderId' };
  const item = subscription.items?.data?.[0];
  const status = deleted ? 'deleted' : subscription.status;
  return {
    kind: 'change',
    change: {
      ...eventFacts(event),
      ownerId,
      subscriptionId: subscription.id,
      status,
      paying: !deleted && !NOT_PAYING.has(status),
      priceId: item?.price?.id ?? null,
      periodStart: at(item?.current_period_start ?? subscription.current_period_start),
      periodEnd: at(item?.current_period_end ?? subscription.current_period_end),
    },
  };
}

function fromPaidInvoice(event: Stripe.Event, invoice: Stripe.Invoice): StripeEventReading {
  const line = invoice.lines?.data?.find((l) => l.parent?.subscription_item_details);
  const details = invoice.parent?.subscription_details;
  const subscriptionId = idOf(line?.parent?.subscription_item_details?.subscription) ?? idOf(details?.subscription);
  if (!line || !subscriptionId) return { kind: 'ignored', reason: 'the invoice has no subscription line' };
  // A subscription line's metadata reflects its subscription's; the invoice keeps a snapshot too.
  const ownerId = details?.metadata?.founderId ?? line.metadata?.founderId;
  if (!ownerId) return { kind: 'ignored', reason: 'the subscription has no metadata.founderId' };
  return {
    kind: 'change',
    change: {
      ...eventFacts(event),
      ownerId,
      subscriptionId,
      // A paid invoice leaves its subscription active.
      status: 'active',
      paying: true,
      priceId: idOf(line.pricing?.price_details?.price),
      periodStart: at(line.period?.start),
      periodEnd: at(line.period?.end),
    },
  };
}

function eventFacts(event: Stripe.Event): Pick<SubscriptionChange, 'eventId' | 'eventType' | 'eventCreatedAt'> {
  return { eventId: event.id, eventType: event.type, eventCreatedAt: new Date(event.created * 1000) };
}

/** The tier whose `stripePriceIds` holds the price, if any does. */
export function tierOfPrice(tiers: Record<string, TierConfig>, priceId: string | null): string | undefined {
  if (!priceId) return undefined;
  return Object.keys(tiers).find((name) => tiers[name].stripePriceIds.includes(priceId));
}
