import { decodeMessage, EscalationV1, RunInputTokens, RunStatus } from '@cofounder/contracts';
import {
  BudgetUpdatedPayload, EscalationRequiredPayload, RunEventEnvelope, RunFailedPayload, RunStatusPayload, ToolCompletedPayload,
} from './projected-events';

/** What one event changes in the founder's view of its run; each kind is ordered by its own sequence. */
export type RunChange =
  | { kind: 'status'; status: RunStatus; reason: string | null; sleepingUntil: Date | null; model: string | null }
  | { kind: 'escalation'; escalation: EscalationV1 }
  | { kind: 'tool_call'; toolUseId: string }
  | { kind: 'cost'; costMicrodollars: number; tokens: RunInputTokens | null };

/** An event of the EVENTS stream, as the projection applies it: the stream sequence orders it. */
export interface SequencedChange {
  runId: string;
  seq: number;
  at: Date;
  change: RunChange;
}

/**
 * The change an event makes to its run's view, or null for one that changes nothing there (the
 * agent's words, a tool starting, an alert). Throws InvalidInput for a payload that breaks its contract.
 */
export function changeOf(raw: unknown, seq: number): SequencedChange | null {
  const event = decodeMessage(RunEventEnvelope, raw);
  const change = bodyChange(event, raw);
  return change && { runId: event.runId, seq, at: new Date(event.at), change };
}

function bodyChange(event: RunEventEnvelope, raw: unknown): RunChange | null {
  switch (event.type) {
    case 'run.status': {
      const { status, reason, wakeAt, model } = decodeMessage(RunStatusPayload, raw);
      // `running` with a reason is an outage notice: it tells what a step waits for and changes no status. It is
      // true only until the run goes on, which no event says, and a step can send it for a run that has just ended.
      if (status === 'running' && reason) return null;
      return { kind: 'status', status, reason: reason ?? null, sleepingUntil: status === 'sleeping' && wakeAt ? new Date(wakeAt) : null, model: model ?? null };
    }
    // The endings also close the run's status, should their run.status ever be missing.
    case 'run.completed':
      return { kind: 'status', status: 'completed', reason: null, sleepingUntil: null, model: null };
    case 'run.failed':
      return { kind: 'status', status: 'failed', reason: decodeMessage(RunFailedPayload, raw).reason, sleepingUntil: null, model: null };
    case 'escalation.required':
      return { kind: 'escalation', escalation: escalationOf(decodeMessage(EscalationRequiredPayload, raw), event.at) };
    // The status the answer sets (running, cancelled), published right after it, closes the question in the view.
    case 'escalation.answered':
      return null;
    case 'tool.completed':
      return { kind: 'tool_call', toolUseId: decodeMessage(ToolCompletedPayload, raw).toolUseId };
    case 'budget.updated': {
      const { runCostMicrodollars, runInputTokens, runCacheCreationInputTokens, runCacheReadInputTokens } = decodeMessage(BudgetUpdatedPayload, raw);
      if (runCostMicrodollars === undefined) return null;
      const tokens = runInputTokens === undefined || runCacheCreationInputTokens === undefined || runCacheReadInputTokens === undefined
        ? null : { runInputTokens, runCacheCreationInputTokens, runCacheReadInputTokens };
      return { kind: 'cost', costMicrodollars: runCostMicrodollars, tokens };
    }
    default:
      return null;
  }
}

/** The question as GET /v1/runs/:runId shows it; it was asked when it was announced. */
function escalationOf(payload: EscalationRequiredPayload, createdAt: string): EscalationV1 {
  const { escalationId, kind, reason, attempts, options } = payload;
  return {
    id: escalationId, kind, reason, options, createdAt,
    attempts: attempts.map(({ tool, summary, error }) => ({ tool, summary, error })),
  };
}
