import { startService } from '@cofounder/bootstrap';
import { ModelSimModule } from './model-sim.module';

void startService({ name: 'model-sim', module: ModelSimModule, defaultPort: 4010, nats: false });
