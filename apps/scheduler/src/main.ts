import { startService } from '@cofounder/bootstrap';
import { SchedulerServiceModule } from './scheduler-service.module';

void startService({ name: 'scheduler', module: SchedulerServiceModule, defaultPort: 3004, nats: true });
