import { CofounderConfig, ManualClock } from '@cofounder/config';
import { BudgetGate, ModelClient, RunEvents, RunStore, StepQueue, ToolRunner, UsageReporter } from '../src/runs/ports';
import { ModelTurn } from '../src/runs/model-turn';
import { RunAnnouncer } from '../src/runs/run-announcer';
import { RunContext } from '../src/runs/run-context';
import { RunStepUseCase } from '../src/runs/run-step.use-case';
import { ToolTurn } from '../src/runs/tool-turn';
import { IgnoredState, RecordedWorkspace } from './loop-doubles';

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
}

/** The turn's collaborators wired as the orchestrator module wires them, over the given parts. */
export function assembleLoop(p: LoopParts): RunStepUseCase {
  const announcer = new RunAnnouncer(p.store, p.events, new IgnoredState(), p.workspace, p.clock);
  const context = new RunContext(p.store, p.model, p.usage, p.config, p.clock);
  const modelTurn = new ModelTurn(p.store, p.model, p.usage, p.budget, context, announcer, p.config, p.clock);
  const toolTurn = new ToolTurn(p.store, p.tools, p.events, p.workspace, p.clock);
  return new RunStepUseCase(p.store, modelTurn, toolTurn, announcer, p.workspace, p.events, p.steps, p.config, p.clock);
}
