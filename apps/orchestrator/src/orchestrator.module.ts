import { Module } from '@nestjs/common';
import { ConfigModule } from '@cofounder/config';
import { MessagingModule, NatsHealthIndicator } from '@cofounder/messaging';
import { ObservabilityModule } from '@cofounder/observability';
import { DatabaseHealthIndicator, PersistenceModule } from '@cofounder/persistence';
import { BillingBudgetGate } from './budget/billing-budget-gate.adapter';
import { PlanResolver } from './budget/plan-resolver';
import { UsagePublisher } from './budget/usage-publisher.adapter';
import { NatsRunEvents } from './events/nats-run-events.adapter';
import { AnthropicModelAdapter } from './model/anthropic-model.adapter';
import { KvRunStateMirror } from './runs/kv-run-state-mirror.adapter';
import { CreateRuns1732400000000 } from './runs/migrations/1732400000000-create-runs';
import { NatsStepQueue } from './runs/nats-step-queue.adapter';
import {
  BudgetGate, ModelClient, RunEvents, RunStateMirror, RunStore, StepQueue, ToolRunner, UsageReporter,
} from './runs/ports';
import { RunCommandsController } from './runs/run-commands.controller';
import { RunMessageEntity } from './runs/run-message.entity';
import { RunQueryController } from './runs/run-query.controller';
import { RunStepController } from './runs/run-step.controller';
import { RunStepUseCase } from './runs/run-step.use-case';
import { RunEntity } from './runs/run.entity';
import { RunRepository } from './runs/run.repository';
import { StartRunUseCase } from './runs/start-run.use-case';
import { ToolExecutionEntity } from './runs/tool-execution.entity';
import { ExecutorToolRunner } from './tools/executor-tool-runner.adapter';

@Module({
  imports: [
    ConfigModule.forRoot(),
    MessagingModule.forRoot('orchestrator'),
    PersistenceModule.forRoot({
      name: 'orchestrator',
      entities: [RunEntity, RunMessageEntity, ToolExecutionEntity],
      migrations: [CreateRuns1732400000000],
    }),
    ObservabilityModule.forRoot([NatsHealthIndicator, DatabaseHealthIndicator]),
  ],
  controllers: [RunStepController, RunCommandsController, RunQueryController],
  providers: [
    RunStepUseCase,
    StartRunUseCase,
    PlanResolver,
    RunRepository,
    { provide: RunStore, useExisting: RunRepository },
    { provide: ModelClient, useClass: AnthropicModelAdapter },
    { provide: ToolRunner, useClass: ExecutorToolRunner },
    { provide: RunEvents, useClass: NatsRunEvents },
    { provide: StepQueue, useClass: NatsStepQueue },
    { provide: UsageReporter, useClass: UsagePublisher },
    { provide: BudgetGate, useClass: BillingBudgetGate },
    { provide: RunStateMirror, useClass: KvRunStateMirror },
  ],
})
export class OrchestratorModule {}
