import { startService } from '@cofounder/bootstrap';
import { BillingServiceModule } from './billing-service.module';

void startService({ name: 'billing', module: BillingServiceModule, defaultPort: 3003, nats: true });
