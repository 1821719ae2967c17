/** Stripe events as the API (2025-03-31 and later) sends them, reduced to the fields billing reads. */
export interface SubscriptionFixture {
  eventId: string;
  type?: 'customer.subscription.created' | 'customer.subscription.updated' | 'customer.subscription.deleted';
  created: number;
  subscriptionId: string;
  founderId?: string;
  priceId: string;
  status?: string;
  periodStart: number;
  periodEnd: number;
}

export function subscriptionEvent(f: SubscriptionFixture): Record<string, unknown> {
  return {
    id: f.eventId,
    object: 'event',
    api_version: '2025-03-31.basil',
    created: f.created,
    type: f.type ?? 'customer.subscription.created',
    data: {
      object: {
        id: f.subscriptionId,
        object: 'subscription',
        status: f.status ?? 'active',
        metadata: f.founderId ? { founderId: f.founderId } : {},
        items: {
          object: 'list',
          data: [{
            id: `si_${f.subscriptionId}`, object: 'subscription_item',
            price: { id: f.priceId, object: 'price' },
            current_period_start: f.periodStart, current_period_end: f.periodEnd,
          }],
        },
      },
    },
  };
}

export interface InvoiceFixture {
  eventId: string;
  created: number;
  subscriptionId: string;
  founderId: string;
  priceId: string;
  periodStart: number;
  periodEnd: number;
}

export function invoicePaidEvent(f: InvoiceFixture): Record<string, unknown> {
  return {
    id: f.eventId,
    object: 'event',
    api_version: '2025-03-31.basil',
    created: f.created,
    type: 'invoice.paid',
    data: {
      object: {
        id: `in_${f.eventId}`,
        object: 'invoice',
        status: 'paid',
        parent: { type: 'subscription_details', subscription_details: { subscription: f.subscriptionId, metadata: { founderId: f.founderId } } },
        lines: {
          object: 'list',
          data: [{
            id: `il_${f.eventId}`, object: 'line_item', metadata: { founderId: f.founderId },
            parent: {
              type: 'subscription_item_details',
              subscription_item_details: { subscription: f.subscriptionId, subscription_item: `si_${f.subscriptionId}`, proration: false },
            },
            pricing: { type: 'price_details', price_details: { price: f.priceId, product: 'prod_test' } },
            period: { start: f.periodStart, end: f.periodEnd },
          }],
        },
      },
    },
  };
}
