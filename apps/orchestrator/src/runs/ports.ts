import type { MessageParam, Tool, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type {
  AuthorizeReplyV1, BudgetLimit, EscalationAction, EscalationAttemptV1, EscalationKind, RunEventBody, RunStatus, SnapshotRefV1,
} from '@cofounder/contracts';
import type { ErrorRetryRecord } from './agent-loop/guards/retry-budget';
import type { ModelReply, ToolCall } from './agent-loop/model-reply';

/**
 * The ports of the loop core. The services wire them to PostgreSQL, NATS and the executor;
 * the benchmark wires in-process ones to measure what distribution costs.
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
  /** When the run's awake period began (its start, its last wake or resume): billing's awake-period cap counts from here. */
  awakeSince: Date;
  /** While `sleeping`: when its wake is due (the scheduler's timer); null otherwise. */
  sleepingUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type ContextState = Pick<RunRecord, 'contextFromSeq' | 'contextNote' | 'clearedThrough' | 'tokenRatio'>;

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

export abstract class RunStore {
  /** Opens the run's question to its founder, once: a second call returns the open one. */
  abstract openEscalation(runId: string, turn: number, escalation: NewEscalation, now: Date): Promise<EscalationRecord>;
  abstract openEscalationOf(runId: string): Promise<EscalationRecord | null>;
  /**
   * Records the founder's answer and its effects at once (a note for the model, more tool
   * calls, the guards started afresh, the new status). False when the question was already
   * answered: of two answers at once, one wins.
   */
  abstract answerEscalation(escalation: EscalationRecord, answer: EscalationAnswer, now: Date): Promise<boolean>;
  /** The question answered last, for an answer repeated after its reply was lost. */
  abstract lastAnsweredEscalation(runId: string): Promise<(EscalationRecord & { action: EscalationAction }) | null>;
  /**
   * Words for the model (the founder's guidance, a nudge) after turn N's reply, appended to the
   * user message that holds the turn's tool results, once however often it is saved.
   */
  abstract appendNote(runId: string, turn: number, text: string, now: Date): Promise<void>;
  abstract markNudged(runId: string, turn: number, now: Date): Promise<void>;
  abstract errorRetries(runId: string): Promise<ErrorRetryRecord[]>;
  abstract saveErrorRetries(runId: string, changes: { save: ErrorRetryRecord[]; clear: string[] }, now: Date): Promise<void>;
  abstract saveContextState(runId: string, state: Partial<ContextState>, now: Date): Promise<void>;
  /** Inserts the run and its goal; false when it already exists (a redelivered start). */
  abstract create(run: NewRun, now: Date): Promise<boolean>;
  abstract find(runId: string): Promise<RunRecord | null>;
  abstract history(runId: string): Promise<StoredMessage[]>;
  /** Persists turn N's reply and moves the checkpoint, once. */
  abstract saveReply(runId: string, turn: number, reply: ModelReply, now: Date): Promise<void>;
  abstract toolExecutions(runId: string, turn: number): Promise<ToolExecutionRecord[]>;
  abstract markToolStarted(runId: string, turn: number, call: ToolCall, now: Date): Promise<void>;
  abstract saveToolOutcome(runId: string, toolUseId: string, outcome: ToolOutcome, now: Date): Promise<void>;
  /** Persists turn N's tool results as one user message and counts the calls, once. */
  abstract saveToolResults(runId: string, turn: number, results: ToolResultBlockParam[], now: Date): Promise<void>;
  abstract setStatus(runId: string, status: RunStatus, details: RunChanges, now: Date): Promise<void>;
  /**
   * The status changed only from one of `from`: false when the run is in another (the founder
   * paused or cancelled it meanwhile, say), and then nothing changed.
   */
  abstract transition(runId: string, from: readonly RunStatus[], to: RunStatus, details: RunChanges, now: Date): Promise<boolean>;
  /** `running` → `sleeping`, with its wake time, reason and sandbox; false (nothing changed) from any other status. */
  abstract sleep(runId: string, sleep: RunSleepRecord, now: Date): Promise<boolean>;
  /**
   * → `running` in a new awake period (awakeSince = now) on the given model, only from `from`:
   * false when the run is elsewhere (already awake, asleep again until another time), and then nothing changed.
   */
  abstract awaken(runId: string, from: AwakenFrom, pin: PinnedModel, now: Date): Promise<boolean>;
  /** A question that no longer stands (the run was paused or cancelled as it was asked): closed unanswered. */
  abstract withdrawOpenEscalation(runId: string, now: Date): Promise<void>;
}

export interface ModelRequest {
  runId: string;
  model: string;
  maxTokens: number;
  system: string;
  messages: MessageParam[];
  /** None for a compaction: the summary is written, not acted. */
  tools?: Tool[];
  /** A summarisation of the history rather than a turn: the simulator and the logs tell them apart. */
  compaction?: boolean;
}

export abstract class ModelClient {
  abstract complete(request: ModelRequest): Promise<ModelReply>;
  /** The model's own count of a request's input tokens; null when it could not be had (it is only ever a hint). */
  abstract countTokens(request: ModelRequest): Promise<number | null>;
}

export abstract class ToolRunner {
  /** `onProgress` is called while the tool runs, with the time it has been running, each time the sandbox reports it alive. */
  abstract run(run: RunRecord, call: ToolCall, onProgress: (elapsedMs: number) => void): Promise<ToolOutcome>;
}

/** A paused sandbox as the run keeps it: the provider's id and the snapshot its pause took (null: none). */
export interface PausedSandbox {
  sandboxId: string | null;
  snapshot: SnapshotRefV1 | null;
}

/** The run's sandbox as the loop needs it: a snapshot now and then, paused while the run rests, and its end. */
export abstract class RunWorkspace {
  /** Paused or asleep: its commands stopped, a snapshot taken, the sandbox paused. Asking twice is asking once. */
  abstract pause(run: RunRecord): Promise<PausedSandbox>;
  /** A new awake period: the sandbox reconnected, its sentinel checked, its workspace restored from the last snapshot if lost. */
  abstract resume(run: RunRecord): Promise<void>;
  /**
   * After a turn that may have changed files: a snapshot of the workspace, unless the last one
   * is younger than `sandbox.snapshotEveryMs`. Never fails the turn: the next one tries again.
   */
  abstract snapshotAfterChange(run: RunRecord): Promise<void>;
  /**
   * The run has ended: a last snapshot, kept for the retention time, and the sandbox gone (an
   * e2b VM costs while it lives). Throws while the executor is unreachable, so the step that
   * announced the end is delivered again; asking twice is asking once.
   */
  abstract release(run: RunRecord): Promise<void>;
}

export abstract class RunEvents {
  /** `key` makes the event's id: publishing the same key twice shows the event once. */
  abstract publish(runId: string, key: string, event: RunEventBody): Promise<void>;
}

export abstract class StepQueue {
  /** `resumeKey` makes a fresh message id when a turn is queued again after the founder answered. */
  abstract enqueue(runId: string, turn: number, resumeKey?: string): Promise<void>;
}

export abstract class UsageReporter {
  /** `reservationId`: the reservation this call's usage settles. */
  abstract report(run: RunRecord, reply: ModelReply, model: string, now: Date, reservationId?: string): Promise<void>;
}

/** One model call's worst case, in tokens: billing alone prices it. */
export interface CallEstimate {
  estimatedInputTokens: number;
  maxOutputTokens: number;
}

export type BudgetDecision = AuthorizeReplyV1;

/** Billing's word on money: throws Unavailable while billing does not answer (no call is made without its word). */
export abstract class BudgetGate {
  abstract authorize(run: RunRecord, call: CallEstimate): Promise<BudgetDecision>;
  /** The run has ended: what it still holds reserved is given back. */
  abstract release(run: Pick<RunRecord, 'id' | 'ownerId'>): Promise<void>;
  /** The founder said `continue` at 80% of the period budget: not asked again this period. */
  abstract confirmBudget(ownerId: string): Promise<void>;
}

/** Which tier, and so which model, a founder is on now. */
export abstract class PlanSource {
  abstract resolve(ownerId: string): Promise<PinnedModel>;
}

export abstract class RunStateMirror {
  /** Keeps the small hot copy of a run's status (KV) in step with the checkpoint. */
  abstract update(run: Pick<RunRecord, 'id' | 'ownerId'>, status: RunStatus, now: Date): Promise<void>;
}
