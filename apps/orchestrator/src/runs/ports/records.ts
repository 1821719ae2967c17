import type {
  BudgetLimit, EscalationAction, EscalationAttemptV1, EscalationKind, RunStatus,
} from '@cofounder/contracts';
import type { LearnedContextWindow } from '../agent-loop/context/context-window';
import type { ModelReply } from '../agent-loop/model-reply';
import type { PausedSandbox } from './sandbox';

/**
 * What the loop core reads and writes of a run: its checkpoint, its conversation, its tools,
 * its questions to the founder and its sleeps.
 */
export interface RunRecord {
  id: string;
  projectId: string;
  ownerId: string;
  goal: string;
  status: RunStatus;
  reason: string | null;
  summary: string | null;
  model: string;
  tier: string;
  turn: number;
  toolCalls: number;
  toolCallAllowance: number;
  guardsFromTurn: number;
  nudgedTurn: number | null;
  resumedTurn: number | null;
  contextFromSeq: number;
  contextNote: string | null;
  clearedThrough: number;
  tokenRatio: number;
  /** The window the model stated for `model`, when smaller than configured: planned against from then on. */
  learnedContextWindow: LearnedContextWindow | null;
  /** When the run's awake period began (its start, its last wake or resume): billing's awake-period cap counts from here. */
  awakeSince: Date;
  /** While `sleeping`: when its wake is due (the scheduler's timer); null otherwise. */
  sleepingUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type ContextState = Pick<RunRecord, 'contextFromSeq' | 'contextNote' | 'clearedThrough' | 'tokenRatio' | 'learnedContextWindow'>;

export interface NewRun {
  id: string;
  projectId: string;
  ownerId: string;
  goal: string;
  verbose: boolean;
  model: string;
  tier: string;
}

/** Content as stored: the goal's text, or the blocks of a reply or of tool results. */
export type StoredContent = string | object[];

export interface StoredMessage {
  seq: number;
  turn: number;
  role: 'user' | 'assistant';
  content: StoredContent;
  reply: ModelReply | null;
  /** When it was saved: for a reply, when its model call answered. */
  at?: Date;
}

export interface ToolOutcome {
  output: string;
  isError: boolean;
  exitCode?: number;
  durationMs: number;
}

export interface ToolExecutionRecord {
  toolUseId: string;
  status: 'started' | 'completed';
  outcome: ToolOutcome | null;
}

export interface EscalationRecord {
  id: string;
  runId: string;
  turn: number;
  kind: EscalationKind;
  reason: string;
  attempts: EscalationAttemptV1[];
  options: EscalationAction[];
  /** A `budget` question: the limit that refused the call (its answers differ: `alert`'s continue confirms the budget). */
  budgetLimit?: BudgetLimit | null;
  createdAt: Date;
}

export interface EscalationAnswer {
  action: EscalationAction;
  guidance: string | null;
  /** Told to the model after the escalation's turn. */
  note: string | null;
  grantToolCalls: number;
  status: 'running' | 'cancelled';
  reason: string | null;
  /** The turn the run goes on at. */
  resumeTurn: number;
  /** Going on begins a new awake period (the founder let an `awake_period` cap go): awakeSince is now. */
  newAwakePeriod?: boolean;
}

/** A question and the founder's answer to it, as recorded. */
export type AnsweredEscalation = EscalationRecord & Pick<EscalationAnswer, 'action' | 'guidance'>;

export type NewEscalation = Omit<EscalationRecord, 'id' | 'createdAt' | 'runId' | 'turn'>;

/** What a status change may set besides the status. */
export type RunChanges = Partial<Pick<RunRecord, 'reason' | 'summary' | 'sleepingUntil' | 'awakeSince'>>;

/** A run put to sleep: until when, why, and where its workspace waits (the paused sandbox, its last snapshot). */
export interface RunSleepRecord {
  until: Date;
  reason: string;
  sandbox: PausedSandbox;
}

/** The model a new awake period runs on, from the founder's current tier, pinned until the next sleep. */
export interface PinnedModel {
  model: string;
  tier: string;
}

/** Which runs an awakening may take: these statuses and, for a timer's wake, only the sleep it was set for. */
export interface AwakenFrom {
  statuses: readonly RunStatus[];
  sleepingUntil?: Date;
}
