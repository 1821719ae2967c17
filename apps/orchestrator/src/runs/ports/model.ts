import type { MessageParam, TextBlockParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import type { ModelReply } from '../agent-loop/model-reply';

export interface ModelRequest {
  runId: string;
  model: string;
  maxTokens: number;
  /** Blocks when the system prompt carries a cache breakpoint. */
  system: string | TextBlockParam[];
  messages: MessageParam[];
  /** None for a compaction: the summary is written, not acted. */
  tools?: Tool[];
  /** A summarisation of the history rather than a turn: the simulator and the logs tell them apart. */
  compaction?: boolean;
  /** Extended thinking with this many tokens to think in, below maxTokens; absent: none. */
  thinkingBudgetTokens?: number;
}

export abstract class ModelClient {
  abstract complete(request: ModelRequest): Promise<ModelReply>;
  /** The model's own count of a request's input tokens; null when it could not be had (it is only ever a hint). */
  abstract countTokens(request: ModelRequest): Promise<number | null>;
}

/** Told when a run's model call is refused for a while and will be tried again at `retryAt`. */
export abstract class ModelBusyListener {
  abstract busy(runId: string, retryAt: Date): Promise<void>;
}
