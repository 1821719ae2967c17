import { startService } from '@cofounder/bootstrap';
import { SchedulerModule } from './scheduler.module';

void startService({ name: 'scheduler', module: SchedulerModule, defaultPort: 3004, nats: true });
