import { startService } from '@cofounder/bootstrap';
import { mountApiDocs } from './docs/api-docs';
import { GatewayModule } from './gateway.module';

void startService({ name: 'gateway', module: GatewayModule, defaultPort: 3000, nats: true, configure: mountApiDocs });
