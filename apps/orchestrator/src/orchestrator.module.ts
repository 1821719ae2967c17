import { Module } from '@nestjs/common';
import { ConfigModule } from '@cofounder/config';
import { MessagingModule, NatsHealthIndicator, PublishedEventLog, PublishOnce } from '@cofounder/messaging';
import { ObservabilityModule } from '@cofounder/observability';
import { DatabaseHealthIndicator, PersistenceModule } from '@cofounder/persistence';
import { AnswerEscalationUseCase } from './runs/answer-escalation.use-case';
import { ControlRunUseCase } from './runs/control-run.use-case';
import { BillingBudgetGate } from './budget/billing-budget-gate.adapter';
import { PlanResolver } from './budget/plan-resolver';
import { UsagePublisher } from './budget/usage-publisher.adapter';
import { NatsRunEvents } from './events/nats-run-events.adapter';
import { PublishedEventRepository } from './events/published-event.repository';
import { OrchestratorMetrics } from './metrics/orchestrator-metrics';
import { RunCountsRepository } from './metrics/run-counts.repository';
import { AnthropicModelAdapter } from './model/anthropic-model.adapter';
import { KvRunStateMirror } from './runs/kv-run-state-mirror.adapter';
import { NatsStepQueue } from './runs/nats-step-queue.adapter';
import { orchestratorSchema } from './runs/orchestrator-schema';
import {
  BudgetGate, ModelBusyListener, ModelClient, PlanSource, RunEvents, RunStateMirror, RunStore, StepQueue, ToolRunner, UsageReporter, RunWorkspace,
} from './runs/ports';
import { RunCommandsController } from './runs/run-commands.controller';
import { RunQueryController } from './runs/run-query.controller';
import { RunStepController } from './runs/run-step.controller';
import { RunContext } from './runs/run-context';
import { CallBudget } from './runs/call-budget';
import { ModelTurn } from './runs/model-turn';
import { BudgetRefusals } from './runs/sleep/budget-refusals';
import { CancelBeforeStartUseCase } from './runs/cancel/cancel-before-start.use-case';
import { ModelBusyNotice } from './runs/outages/model-busy-notice';
import { OutageNotice } from './runs/outages/outage-notice';
import { RunCancelController } from './runs/cancel/run-cancel.controller';
import { RunWakeController } from './runs/wake/run-wake.controller';
import { WakeRunUseCase } from './runs/wake/wake-run.use-case';
import { RunAnnouncer } from './runs/run-announcer';
import { RunStepUseCase } from './runs/run-step.use-case';
import { RunRepository } from './runs/run.repository';
import { ExportScenarioUseCase } from './runs/scenario-export/export-scenario.use-case';
import { RunRepliesRepository } from './runs/scenario-export/run-replies.repository';
import { RunScenarioController } from './runs/scenario-export/run-scenario.controller';
import { StartRunUseCase } from './runs/start-run.use-case';
import { StepLeaseModule } from './runs/step-lease/step-lease.module';
import { ToolTurn } from './runs/tool-turn';
import { ExecutorToolRunner } from './tools/executor-tool-runner.adapter';
import { ExecutorRunWorkspace } from './tools/executor-run-workspace.adapter';

@Module({
  imports: [
    ConfigModule.forRoot(),
    MessagingModule.forRoot('orchestrator'),
    PersistenceModule.forRoot(orchestratorSchema),
    ObservabilityModule.forRoot([NatsHealthIndicator, DatabaseHealthIndicator]),
    StepLeaseModule,
  ],
  controllers: [RunStepController, RunCommandsController, RunWakeController, RunCancelController, RunQueryController, RunScenarioController],
  providers: [
    RunStepUseCase,
    RunAnnouncer,
    ModelTurn,
    CallBudget,
    BudgetRefusals,
    WakeRunUseCase,
    CancelBeforeStartUseCase,
    OutageNotice,
    ToolTurn,
    RunContext,
    AnswerEscalationUseCase,
    ControlRunUseCase,
    StartRunUseCase,
    ExportScenarioUseCase,
    RunRepliesRepository,
    OrchestratorMetrics,
    RunCountsRepository,
    { provide: PlanSource, useClass: PlanResolver },
    RunRepository,
    { provide: RunStore, useExisting: RunRepository },
    { provide: ModelClient, useClass: AnthropicModelAdapter },
    { provide: ModelBusyListener, useClass: ModelBusyNotice },
    { provide: ToolRunner, useClass: ExecutorToolRunner },
    { provide: RunWorkspace, useClass: ExecutorRunWorkspace },
    PublishOnce,
    { provide: PublishedEventLog, useClass: PublishedEventRepository },
    { provide: RunEvents, useClass: NatsRunEvents },
    { provide: StepQueue, useClass: NatsStepQueue },
    { provide: UsageReporter, useClass: UsagePublisher },
    { provide: BudgetGate, useClass: BillingBudgetGate },
    { provide: RunStateMirror, useClass: KvRunStateMirror },
  ],
})
export class OrchestratorModule {}
