import { Injectable, Logger } from '@nestjs/common';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { CofounderConfig, Clock } from '@cofounder/config';
import { DEFAULT_KEEP_RECENT_TURNS } from './agent-loop/context/clear-old-tool-results';
import { compactedHistory, compactionRequest, progressNoteMessage } from './agent-loop/context/compaction';
import { DEFAULT_COMPACT_AT, planContext } from './agent-loop/context/context-plan';
import { HistoryMessage } from './agent-loop/context/history';
import { calibrate, estimateTokens } from './agent-loop/context/token-estimate';
import { toMessageParams } from './agent-loop/conversation';
import { replyText } from './agent-loop/model-reply';
import { AGENT_TOOLS, SYSTEM_PROMPT } from './agent-loop/system-prompt';
import { CallBudget } from './call-budget';
import { ModelClient, RunRecord, RunStore, StoredMessage, UsageReporter } from './ports';

/** Room for the progress note the summarisation call writes. */
const NOTE_MAX_TOKENS = 4096;

export interface PreparedContext {
  messages: MessageParam[];
  /** Our estimate of the request before calibration: what the model's reported usage is compared with. */
  rawEstimate: number;
}

/** Whatever the history became, it no longer fits: the run cannot go on as it is. */
export class ContextTooLarge extends Error {}

/**
 * Keeps each request inside the model's window: old tool results are sent cleared, and at
 * about 75% of the window the history is compacted into a progress note. The note and the
 * point the verbatim history resumes are persisted, so every later turn sends the same prefix.
 */
@Injectable()
export class RunContext {
  private readonly log = new Logger(RunContext.name);

  constructor(
    private readonly store: RunStore,
    private readonly model: ModelClient,
    private readonly usage: UsageReporter,
    private readonly budget: CallBudget,
    private readonly config: CofounderConfig,
    private readonly clock: Clock,
  ) {}

  /** The messages for turn N's request. `compactNow` compacts whatever the estimate says (the API said it was too long). */
  async prepare(run: RunRecord, history: StoredMessage[], compactNow = false): Promise<PreparedContext> {
    const window = this.config.models[run.model].contextWindow;
    const budget = { window, system: SYSTEM_PROMPT, tools: AGENT_TOOLS, ratio: run.tokenRatio, clearedThrough: run.clearedThrough };
    const view = this.view(run, history);
    let plan = planContext(view, budget);
    if (plan.compact || compactNow) {
      await this.compact(run, history, view);
      plan = planContext(this.view(run, history), { ...budget, clearedThrough: 0 });
      if (plan.estimate >= window) throw new ContextTooLarge('Even summarised, the conversation no longer fits the model\'s context window.');
    }
    if (plan.clearedThrough !== run.clearedThrough) {
      run.clearedThrough = plan.clearedThrough;
      await this.store.saveContextState(run.id, { clearedThrough: plan.clearedThrough }, this.clock.now());
    }
    const messages = plan.messages as MessageParam[];
    return { messages, rawEstimate: estimateTokens({ system: SYSTEM_PROMPT, messages, tools: AGENT_TOOLS }) };
  }

  /** Learns how far off the estimate was from the tokens the model counted, for the next request's plan. */
  async learn(run: RunRecord, rawEstimate: number, countedTokens: number): Promise<void> {
    const ratio = calibrate(rawEstimate, countedTokens, run.tokenRatio);
    // A write per turn for a change no plan would notice is not worth it.
    if (Math.abs(ratio - run.tokenRatio) < 0.01) return;
    run.tokenRatio = ratio;
    await this.store.saveContextState(run.id, { tokenRatio: ratio }, this.clock.now());
  }

  /** The history as the model is shown it: the progress note, then what came after it, merged to alternate. */
  private view(run: RunRecord, history: StoredMessage[]): HistoryMessage[] {
    const kept = history.filter((m) => m.seq >= run.contextFromSeq);
    const opening: StoredMessage[] = run.contextNote === null
      ? []
      : [{ seq: -1, turn: 0, role: 'user', content: progressNoteMessage(run.goal, run.contextNote).content as string, reply: null }];
    return toMessageParams([...opening, ...kept]) as HistoryMessage[];
  }

  private async compact(run: RunRecord, history: StoredMessage[], view: HistoryMessage[]): Promise<void> {
    const modelConfig = this.config.models[run.model];
    const maxTokens = Math.min(NOTE_MAX_TOKENS, modelConfig.maxOutputTokens);
    const request = compactionRequest(view, { goal: run.goal, maxRequestTokens: modelConfig.contextWindow - maxTokens, ratio: run.tokenRatio });
    const messages = request.messages as MessageParam[];
    // A summarisation is a model call like any other: reserved first (a refusal is thrown to the turn).
    const reservationId = await this.budget.reserve(run, estimateTokens({ system: request.system, messages }), maxTokens);
    const reply = await this.model.complete({ runId: run.id, model: run.model, maxTokens, system: request.system, messages, compaction: true });
    await this.usage.report(run, reply, run.model, this.clock.now(), reservationId);
    const fromSeq = this.keptFrom(run, history);
    const { note } = compactedHistory(view, replyText(reply.content) || 'No summary was written.');
    Object.assign(run, { contextFromSeq: fromSeq, contextNote: note, clearedThrough: 0 });
    await this.store.saveContextState(run.id, { contextFromSeq: fromSeq, contextNote: note, clearedThrough: 0 }, this.clock.now());
    this.log.log({ msg: 'history compacted', runId: run.id, turn: run.turn, fromSeq, noteChars: note.length });
  }

  /**
   * Where the verbatim part resumes: at the assistant message of the oldest turn kept, so no
   * tool_result loses its tool_use. The latest turns are kept unless they alone would fill half
   * the compaction threshold, when fewer are, down to none.
   */
  private keptFrom(run: RunRecord, history: StoredMessage[]): number {
    const { contextWindow } = this.config.models[run.model];
    for (let keep = Math.min(DEFAULT_KEEP_RECENT_TURNS, run.turn - 1); keep > 0; keep--) {
      const fromSeq = Math.max(run.contextFromSeq, 2 * (run.turn - keep + 1) - 1);
      const kept = toMessageParams(history.filter((m) => m.seq >= fromSeq));
      if (estimateTokens({ messages: kept }) * run.tokenRatio < (DEFAULT_COMPACT_AT / 2) * contextWindow) return fromSeq;
    }
    return 2 * (run.turn + 1) - 1;
  }
}
