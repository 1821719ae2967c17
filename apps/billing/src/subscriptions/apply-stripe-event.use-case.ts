import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { CofounderConfig, Environment } from '@cofounder/config';
import { InvalidInput, Unavailable } from '@cofounder/contracts';
import { MetricsRegistry } from '@cofounder/observability';
import { readStripeEvent, SubscriptionChange, tierOfPrice } from './subscription-change';
import { SubscriptionRepository } from './subscription.repository';

type Outcome = 'applied' | 'duplicate' | 'stale' | 'ignored';

/**
 * A Stripe webhook delivery: verified against its raw body, then applied to the founder's
 * subscription once (by event id) and only if no event created later was applied first.
 */
@Injectable()
export class ApplyStripeEventUseCase {
  private readonly log = new Logger(ApplyStripeEventUseCase.name);
  private readonly handled: Counter<'outcome'>;

  constructor(
    private readonly env: Environment,
    private readonly config: CofounderConfig,
    private readonly dataSource: DataSource,
    private readonly subscriptions: SubscriptionRepository,
    metrics: MetricsRegistry,
  ) {
    this.handled = new Counter({
      name: 'cofounder_billing_stripe_events_total', help: 'Verified Stripe webhook events, by what they changed',
      labelNames: ['outcome'], registers: [metrics],
    });
  }

  async execute(rawBody: Buffer | undefined, signature: string | undefined): Promise<void> {
    const event = this.verify(rawBody, signature);
    const reading = readStripeEvent(event);
    if (reading.kind === 'ignored') {
      this.handled.inc({ outcome: 'ignored' });
      this.log.log({ msg: 'stripe event ignored', eventId: event.id, type: event.type, reason: reading.reason });
      return;
    }
    const change = reading.change;
    const outcome = await this.apply(change);
    this.handled.inc({ outcome });
    this.log.log({ msg: 'stripe event handled', eventId: event.id, type: event.type, ownerId: change.ownerId, outcome });
    if (outcome === 'applied' && change.paying && !tierOfPrice(this.config.tiers, change.priceId)) {
      this.log.warn({
        msg: 'stripe price names no tier', priceId: change.priceId, ownerId: change.ownerId,
        subscriptionId: change.subscriptionId, eventId: change.eventId, defaultTier: this.config.defaultTier,
      });
    }
  }

  private verify(rawBody: Buffer | undefined, signature: string | undefined): Stripe.Event {
    const secret = this.env.stripeWebhookSecret;
    // Without a secret nothing can be verified: 503, so Stripe delivers again once it is set.
    if (!secret) throw new Unavailable('STRIPE_WEBHOOK_SECRET is not set');
    if (!rawBody) throw new Error('The raw body of the Stripe webhook was not kept (startService rawBody option)');
    try {
      return Stripe.webhooks.constructEvent(rawBody, signature ?? '', secret);
    } catch (err) {
      if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
        throw new InvalidInput('The Stripe-Signature header does not match the body, or is too old', { cause: err });
      }
      throw err;
    }
  }

  private apply(change: SubscriptionChange): Promise<Outcome> {
    return this.dataSource.transaction(async (em) => {
      if (!(await this.subscriptions.recordEventOnce(change.ownerId, change.eventId, change.eventType, em))) return 'duplicate';
      const set = await this.subscriptions.setUnlessNewer({
        subscriptionId: change.subscriptionId, ownerId: change.ownerId, status: change.status, paying: change.paying,
        priceId: change.priceId, periodStart: change.periodStart, periodEnd: change.periodEnd,
        eventId: change.eventId, eventCreatedAt: change.eventCreatedAt,
      }, em);
      return set ? 'applied' : 'stale';
    });
  }
}
