import { startService } from '@cofounder/bootstrap';
import { ExecutorModule } from './executor.module';

void startService({ name: 'executor', module: ExecutorModule, defaultPort: 3002, nats: true });
