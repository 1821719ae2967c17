import type { ServiceSchema } from '@cofounder/persistence';
import { CreateProjectsAndRuns1732400000000 } from './migrations/1732400000000-create-projects-and-runs';
import { IndexRunsByProject1767571200000 } from './migrations/1767571200000-index-runs-by-project';
import { CreateRunProjections1767657600000 } from './migrations/1767657600000-create-run-projections';
import { AddRunInputTokens1767744000000 } from './migrations/1767744000000-add-run-input-tokens';
import { ProjectEntity } from './projects/project.entity';
import { RunRegistrationEntity } from './runs/run-registration.entity';

/** The gateway's tables: one list shared by the service and its repository tests, so neither runs on a partial schema. */
export const gatewaySchema: ServiceSchema = {
  name: 'gateway',
  entities: [ProjectEntity, RunRegistrationEntity],
  migrations: [CreateProjectsAndRuns1732400000000, IndexRunsByProject1767571200000, CreateRunProjections1767657600000, AddRunInputTokens1767744000000],
};
