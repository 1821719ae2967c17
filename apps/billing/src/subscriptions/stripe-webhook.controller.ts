import { Controller, Headers, HttpCode, Post, RawBodyRequest, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApplyStripeEventUseCase } from './apply-stripe-event.use-case';

@Controller('stripe')
export class StripeWebhookController {
  constructor(private readonly applyStripeEvent: ApplyStripeEventUseCase) {}

  /** The signature is over the bytes Stripe sent, so the use case gets the raw body, never the parsed one. */
  @Post('webhook')
  @HttpCode(200)
  async receive(@Req() req: RawBodyRequest<Request>, @Headers('stripe-signature') signature?: string): Promise<{ received: true }> {
    await this.applyStripeEvent.execute(req.rawBody, signature);
    return { received: true };
  }
}
