import type { ContentBlock } from '@anthropic-ai/sdk/resources/messages';
import { loadConfig, ManualClock } from '@cofounder/config';
import { BUNDLED_CONFIG } from '../../../test/support/test-environment';
import { assembleRun } from './assemble-loop';
import {
  CapturedSteps, FixedPlans, InMemoryRunStore, InstantTools, OpenBudget, RecordedEvents, RecordedUsage, RecordedWorkspace, ScriptedModel,
} from './loop-doubles';
import type { ModelReply } from '../src/runs/agent-loop/model-reply';
import type { BudgetGate, ToolOutcome } from '../src/runs/ports';

const usage = { inputTokens: 10, outputTokens: 5, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };

export const bashTurn = (id: string, command: string): ModelReply => ({
  responseId: `msg_${id}`,
  content: [{ type: 'tool_use', id: `toolu_${id}`, name: 'bash', input: { command } } as unknown as ContentBlock],
  stopReason: 'tool_use',
  usage,
});
export const doneTurn: ModelReply = { responseId: 'msg_done', content: [{ type: 'text', text: 'Built it.' } as ContentBlock], stopReason: 'end_turn', usage };

/** 09:30 UTC; the next pacing day starts tomorrow at 09:00. */
export const NOW = new Date('2026-11-24T09:30:00Z');
export const TOMORROW = new Date('2026-11-25T09:00:00Z');

/**
 * A run's use cases over in-memory ports, with a budget that can be told to refuse and a
 * founder whose tier can change: the world of the money-and-time unit specs.
 */
export function moneyWorld(replies: ModelReply[], opts: { tools?: InstantTools; gate?: BudgetGate } = {}) {
  const tools = opts.tools ?? new InstantTools();
  const config = loadConfig(BUNDLED_CONFIG);
  const clock = new ManualClock(NOW);
  const store = new InMemoryRunStore();
  const model = new ScriptedModel(replies);
  const events = new RecordedEvents();
  const steps = new CapturedSteps();
  const workspace = new RecordedWorkspace();
  const usageReporter = new RecordedUsage();
  const budget = new OpenBudget();
  const plans = new FixedPlans();
  const run = assembleRun({ store, model, tools, events, steps, workspace, usage: usageReporter, budget: opts.gate ?? budget, config, clock, plans });
  const runId = '9d3e2a41-6b7c-4d8e-9f01-2a3b4c5d6e7f';
  const ownerId = 'dev_alice';
  const start = () => store.create({ id: runId, projectId: runId, ownerId, goal: 'Build it', verbose: false, model: 'cofounder-sim', tier: 'dev' }, clock.now());
  const find = async () => (await store.find(runId))!;
  /** Takes the step last queued, as the step queue would deliver it. */
  const takeQueued = async () => {
    const turn = steps.next!;
    const resumeKey = steps.nextKey;
    steps.next = null;
    steps.nextKey = undefined;
    await run.step.execute({ runId, turn, ...(resumeKey ? { resumeKey } : {}) });
  };
  const refuseNext = (limit: 'day' | 'period' | 'awake_period' | 'project' | 'alert' | 'plan', extra: { reason?: string; retryAt?: Date; forecastMicrodollars?: number } = {}) => {
    budget.refusals.push({ allowed: false, limit, reason: extra.reason, retryAt: extra.retryAt?.toISOString(), forecastMicrodollars: extra.forecastMicrodollars });
  };
  const sleepingEvents = () => [...events.byKey.values()].filter((e) => e.type === 'run.status' && e.status === 'sleeping');
  return {
    ...run, config, clock, store, model, events, steps, workspace, usage: usageReporter, budget, plans, runId, ownerId, start, find, takeQueued, refuseNext, sleepingEvents,
  };
}

export const failingTests: ToolOutcome = {
  output: 'exit code: 1\nstdout:\n\nstderr:\nError: Cannot find module \'./slug\'', isError: true, exitCode: 1, durationMs: 3,
};
