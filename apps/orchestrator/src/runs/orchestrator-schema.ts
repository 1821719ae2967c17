import type { ServiceSchema } from '@cofounder/persistence';
import { ErrorRetryEntity } from './error-retry.entity';
import { EscalationEntity } from './escalation.entity';
import { CreateRuns1732400000000 } from './migrations/1732400000000-create-runs';
import { AddEscalations1732500000000 } from './migrations/1732500000000-add-escalations';
import { AddLoopGuards1732600000000 } from './migrations/1732600000000-add-loop-guards';
import { AddContextState1732700000000 } from './migrations/1732700000000-add-context-state';
import { AddSleepAndWake1732800000000 } from './migrations/1732800000000-add-sleep-and-wake';
import { AddPublishedEvents1767700000000 } from './migrations/1767700000000-add-published-events';
import { AddLearnedContextWindow1767800000000 } from './migrations/1767800000000-add-learned-context-window';
import { RunMessageEntity } from './run-message.entity';
import { AddStepLease1767600000001 } from './step-lease/1767600000001-add-step-lease';
import { RunEntity } from './run.entity';
import { ToolExecutionEntity } from './tool-execution.entity';

/** The orchestrator's tables: one list shared by the service and its repository tests, so neither runs on a partial schema. */
export const orchestratorSchema: ServiceSchema = {
  name: 'orchestrator',
  entities: [RunEntity, RunMessageEntity, ToolExecutionEntity, EscalationEntity, ErrorRetryEntity],
  migrations: [CreateRuns1732400000000, AddEscalations1732500000000, AddLoopGuards1732600000000, AddContextState1732700000000,
    AddSleepAndWake1732800000000, AddStepLease1767600000001, AddPublishedEvents1767700000000,
    AddLearnedContextWindow1767800000000],
};
