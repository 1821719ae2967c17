import type { ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { RunStatus } from '@cofounder/contracts';
import type { ErrorRetryRecord } from '../agent-loop/guards/retry-budget';
import type { ModelReply, ToolCall } from '../agent-loop/model-reply';
import type {
  RunRecord, ContextState, NewRun, StoredMessage, ToolOutcome, ToolExecutionRecord, EscalationRecord,
  EscalationAnswer, AnsweredEscalation, NewEscalation, RunChanges, RunSleepRecord, PinnedModel, AwakenFrom,
} from './records';

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
  abstract lastAnsweredEscalation(runId: string): Promise<AnsweredEscalation | null>;
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
  abstract putToSleep(runId: string, sleep: RunSleepRecord, now: Date): Promise<boolean>;
  /**
   * → `running` in a new awake period (awakeSince = now) on the given model, only from `from`:
   * false when the run is elsewhere (already awake, asleep again until another time), and then nothing changed.
   */
  abstract awaken(runId: string, from: AwakenFrom, pin: PinnedModel, now: Date): Promise<boolean>;
  /** A question that no longer stands (the run was paused or cancelled as it was asked): closed unanswered. */
  abstract withdrawOpenEscalation(runId: string, now: Date): Promise<void>;
}
