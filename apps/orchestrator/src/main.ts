import { startService } from '@cofounder/bootstrap';
import { OrchestratorModule } from './orchestrator.module';

void startService({ name: 'orchestrator', module: OrchestratorModule, defaultPort: 3001, nats: true });
