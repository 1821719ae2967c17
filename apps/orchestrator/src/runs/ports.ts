import type { MessageParam, Tool, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { RunEventBody, RunStatus } from '@cofounder/contracts';
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
  createdAt: Date;
  updatedAt: Date;
}

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

export abstract class RunStore {
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
  abstract setStatus(runId: string, status: RunStatus, details: { reason?: string | null; summary?: string | null }, now: Date): Promise<void>;
}

export interface ModelRequest {
  runId: string;
  model: string;
  maxTokens: number;
  system: string;
  messages: MessageParam[];
  tools: Tool[];
}

export abstract class ModelClient {
  abstract complete(request: ModelRequest, onProgress: () => void): Promise<ModelReply>;
}

export abstract class ToolRunner {
  abstract run(run: RunRecord, call: ToolCall, onProgress: () => void): Promise<ToolOutcome>;
}

export abstract class RunEvents {
  /** `key` makes the event's id: publishing the same key twice shows the event once. */
  abstract publish(runId: string, key: string, event: RunEventBody): Promise<void>;
}

export abstract class StepQueue {
  abstract enqueue(runId: string, turn: number): Promise<void>;
}

export abstract class UsageReporter {
  abstract report(run: RunRecord, reply: ModelReply, model: string, now: Date): Promise<void>;
}

export interface BudgetDecision {
  allowed: boolean;
  reason?: string;
}

export abstract class BudgetGate {
  abstract authorize(run: RunRecord, estimatedCostMicrodollars: number): Promise<BudgetDecision>;
}

export abstract class RunStateMirror {
  /** Keeps the small hot copy of a run's status (KV) in step with the checkpoint. */
  abstract update(run: Pick<RunRecord, 'id' | 'ownerId'>, status: RunStatus, now: Date): Promise<void>;
}
