import type { EscalationAction } from '../escalation';
import type { RunStatus } from '../run-status';

/**
 * The activity of a run as the founder's browser receives it over SSE. Every payload is
 * plain language, already redacted; none carries a secret, a stack trace or a host path.
 */
export type RunEventBody =
  /** `model`: on a run (again) `running`, the model pinned for this awake period; absent where it did not change. */
  | { type: 'run.status'; status: RunStatus; reason?: string; wakeAt?: string; forecastMicrodollars?: number; model?: string }
  | { type: 'agent.message'; text: string }
  | { type: 'tool.started'; toolUseId: string; tool: string; summary: string; input: Record<string, unknown> }
  /** `summary`: set by the gateway's default stream, in plain words ("Installing dependencies — 2 min so far"). */
  | { type: 'tool.progress'; toolUseId: string; elapsedMs: number; summary?: string }
  | { type: 'tool.completed'; toolUseId: string; tool: string; ok: boolean; exitCode?: number; durationMs: number; summary: string }
  | { type: 'tools.batched'; count: number; tools: { tool: string; summary: string; ok: boolean }[]; messages: string[]; budget?: BudgetFigures }
  /**
   * `runCostMicrodollars`: what this run has cost so far, as the ledger had it after the settle (only grows);
   * `run*InputTokens`: the run's input tokens so far by kind (uncached, written to the cache, read from it), likewise.
   */
  | ({ type: 'budget.updated'; runCostMicrodollars?: number } & Partial<RunInputTokens> & BudgetFigures)
  | { type: 'budget.alert'; percent: number }
  | { type: 'escalation.required'; escalationId: string; kind: string; reason: string; attempts: { tool: string; summary: string; error: string }[]; options: string[] }
  /** The founder's answer to the question `escalationId`; `guidance`: their words, with the `guide` action. */
  | { type: 'escalation.answered'; escalationId: string; action: EscalationAction; guidance?: string }
  | { type: 'sandbox.restored'; summary: string; snapshotTakenAt: string | null }
  | { type: 'run.completed'; summary: string }
  | { type: 'run.failed'; reason: string };

export interface RunInputTokens {
  runInputTokens: number;
  runCacheCreationInputTokens: number;
  runCacheReadInputTokens: number;
}

/** What a `budget.updated` tells; a digest carries the latest of them. */
export interface BudgetFigures {
  spentMicrodollars: number;
  budgetMicrodollars: number;
  todayAllowanceMicrodollars: number;
  spentTodayMicrodollars: number;
}

export type RunEventType = RunEventBody['type'];
export type RunEvent = RunEventBody & { runId: string; at: string };

export function isTerminalEvent(event: Pick<RunEvent, 'type'> & { status?: string }): boolean {
  return event.type === 'run.completed' || event.type === 'run.failed'
    || (event.type === 'run.status' && event.status === 'cancelled');
}
