import { startService } from '@cofounder/bootstrap';
import { BillingServiceModule } from './billing-service.module';

// rawBody: POST /stripe/webhook verifies Stripe's signature over the bytes it sent.
void startService({ name: 'billing', module: BillingServiceModule, defaultPort: 3003, nats: true, rawBody: true });
