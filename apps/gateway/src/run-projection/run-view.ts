import { EscalationV1, RunStatus } from '@cofounder/contracts';

/** GET /v1/runs/:runId, and each item of a project's list. */
export interface RunView {
  id: string;
  projectId: string;
  status: RunStatus;
  reason: string | null;
  goal: string;
  model: string | null;
  toolCalls: number;
  costMicrodollars: number;
  /** The run's input tokens so far by kind: sent uncached, written to the prompt cache, read from it. */
  inputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  /** Of all its input tokens, the share read from the cache (0..1); null before its first billed call. */
  cacheReadShare: number | null;
  sleepingUntil: string | null;
  escalation: EscalationV1 | null;
  createdAt: string;
  updatedAt: string;
}

/** A run's registration joined with its projection; the projection's columns are null before its first event. */
export interface ProjectedRunRow {
  id: string;
  project_id: string;
  goal: string;
  created_at: Date;
  status: RunStatus | null;
  reason: string | null;
  sleeping_until: Date | null;
  status_seq: string | null;
  model: string | null;
  escalation: EscalationV1 | null;
  escalation_seq: string | null;
  tool_calls: number | null;
  cost_microdollars: string | null;
  input_tokens: string | null;
  cache_creation_input_tokens: string | null;
  cache_read_input_tokens: string | null;
  updated_at: Date | null;
}

/** A run no event has told of yet is queued: the orchestrator has not taken its start up. */
export function toRunView(row: ProjectedRunRow): RunView {
  const status = row.status ?? 'queued';
  return {
    id: row.id,
    projectId: row.project_id,
    status,
    reason: row.reason,
    goal: row.goal,
    model: row.model,
    toolCalls: row.tool_calls ?? 0,
    costMicrodollars: Number(row.cost_microdollars ?? 0),
    ...inputTokensOf(row),
    sleepingUntil: row.sleeping_until?.toISOString() ?? null,
    escalation: status === 'awaiting_input' && openQuestion(row) ? row.escalation : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: (row.updated_at ?? row.created_at).toISOString(),
  };
}

function inputTokensOf(row: ProjectedRunRow): Pick<RunView, 'inputTokens' | 'cacheCreationInputTokens' | 'cacheReadInputTokens' | 'cacheReadShare'> {
  const inputTokens = Number(row.input_tokens ?? 0);
  const cacheCreationInputTokens = Number(row.cache_creation_input_tokens ?? 0);
  const cacheReadInputTokens = Number(row.cache_read_input_tokens ?? 0);
  const total = inputTokens + cacheCreationInputTokens + cacheReadInputTokens;
  return { inputTokens, cacheCreationInputTokens, cacheReadInputTokens, cacheReadShare: total === 0 ? null : cacheReadInputTokens / total };
}

/**
 * The question asked since the run last changed status: `awaiting_input` is announced just before
 * its escalation, so one announced before the status is an older, answered one.
 */
function openQuestion(row: ProjectedRunRow): boolean {
  return row.escalation !== null && Number(row.escalation_seq) > Number(row.status_seq);
}
