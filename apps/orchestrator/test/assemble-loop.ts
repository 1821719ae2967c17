import { CofounderConfig, ManualClock } from '@cofounder/config';
import { BudgetGate, ModelClient, PlanSource, RunEvents, RunStore, StepQueue, ToolRunner, UsageReporter } from '../src/runs/ports';
import { AnswerEscalationUseCase } from '../src/runs/answer-escalation.use-case';
import { CallBudget } from '../src/runs/call-budget';
import { ControlRunUseCase } from '../src/runs/control-run.use-case';
import { OutageNotice } from '../src/runs/outages/outage-notice';
import { ModelTurn } from '../src/runs/model-turn';
import { RunAnnouncer } from '../src/runs/run-announcer';
import { RunContext } from '../src/runs/run-context';
import { RunStepUseCase } from '../src/runs/run-step.use-case';
import { BudgetRefusals } from '../src/runs/sleep/budget-refusals';
import { ToolTurn } from '../src/runs/tool-turn';
import { WakeRunUseCase } from '../src/runs/wake/wake-run.use-case';
import { FixedPlans, IgnoredState, RecordedWorkspace } from './loop-doubles';

export interface LoopParts {
  store: RunStore;
  model: ModelClient;
  tools: ToolRunner;
  events: RunEvents;
  steps: StepQueue;
  workspace: RecordedWorkspace;
  usage: UsageReporter;
  budget: BudgetGate;
  config: CofounderConfig;
  clock: ManualClock;
  /** The founder's tier for wakes and resumes; the default tier's model when absent. */
  plans?: PlanSource;
}

/** The turn's collaborators wired as the orchestrator module wires them, over the given parts. */
export function assembleLoop(p: LoopParts): RunStepUseCase {
  return assembleRun(p).step;
}

/** The use cases of a run over one set of parts: the turn, the wake, the founder's brakes and answers. */
export function assembleRun(p: LoopParts) {
  const announcer = new RunAnnouncer(p.store, p.events, new IgnoredState(), p.workspace, p.budget, p.clock);
  const callBudget = new CallBudget(p.budget, p.config);
  const context = new RunContext(p.store, p.model, p.usage, callBudget, p.config, p.clock);
  const refusals = new BudgetRefusals(p.store, p.workspace, announcer, p.clock);
  const modelTurn = new ModelTurn(p.store, p.model, p.usage, callBudget, context, announcer, refusals, new OutageNotice(p.events, p.store), p.config, p.clock);
  const toolTurn = new ToolTurn(p.store, p.tools, p.events, p.workspace, p.clock);
  const step = new RunStepUseCase(p.store, modelTurn, toolTurn, announcer, p.workspace, p.events, p.steps, p.config, p.clock);
  const wake = new WakeRunUseCase(p.store, p.plans ?? new FixedPlans(), p.workspace, announcer, p.steps, p.clock);
  const control = new ControlRunUseCase(p.store, announcer, p.steps, wake, p.clock);
  const answer = new AnswerEscalationUseCase(p.store, p.events, p.steps, new IgnoredState(), p.budget, p.config, p.clock);
  return { step, wake, control, answer, announcer };
}
