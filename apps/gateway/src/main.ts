import { startService } from '@cofounder/bootstrap';
import { GatewayModule } from './gateway.module';

void startService({ name: 'gateway', module: GatewayModule, defaultPort: 3000, nats: true });
