import { Injectable, Logger } from '@nestjs/common';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { CofounderConfig, Clock } from '@cofounder/config';
import { capToolResults } from './agent-loop/context/cap-tool-results';
import { DEFAULT_KEEP_RECENT } from './agent-loop/context/clear-old-tool-results';
import { compactionRequest, progressNote, progressNoteMessage } from './agent-loop/context/compaction';
import { ContextPlan, ContextPlanBudget, planContext } from './agent-loop/context/context-plan';
import { effectiveWindow, learnWindow } from './agent-loop/context/context-window';
import { HistoryMessage, recentTurnsWithin } from './agent-loop/context/history';
import { calibrate, calibratedEstimate, estimateContext, estimateTokens } from './agent-loop/context/token-estimate';
import { messageSeqs, toMessageParams } from './agent-loop/conversation';
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

/** Where a compaction leaves the run: the note that opens the history, and the seq the verbatim part resumes at. */
interface Compacted {
  fromSeq: number;
  note: string;
}

/**
 * Keeps each request inside the model's window, the smaller of the configured one and what the
 * model has stated: every tool result is cut to its share of it, old results are sent cleared,
 * and at about 75% of it the history is compacted into a progress note. The note, the point the
 * verbatim history resumes and the learned window are persisted, so every later turn sends the
 * same prefix and a restart forgets nothing.
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
    const window = this.window(run);
    const budget = { window, system: SYSTEM_PROMPT, tools: AGENT_TOOLS, ratio: run.tokenRatio, clearedThrough: run.clearedThrough };
    const view = this.view(run, history, window, null, run.clearedThrough);
    let plan = planContext(view, budget);
    if (plan.compact || compactNow) {
      // When a note cannot make the request smaller, clearing every result it may is what is left.
      plan = (await this.compacted(run, history, view, plan, budget)) ?? planContext(view, { ...budget, clearAt: 0, clearTo: 0 });
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

  /**
   * Remembers the window the model stated, when smaller than the one planned against: from then
   * on every plan is made against it, so an overstated configuration costs one refused call.
   * False when it taught nothing.
   */
  async learnWindow(run: RunRecord, statedTokens: number | null): Promise<boolean> {
    const learned = learnWindow(this.config.models[run.model].contextWindow, run.learnedContextWindow, run.model, statedTokens);
    if (learned === null) return false;
    run.learnedContextWindow = learned;
    await this.store.saveContextState(run.id, { learnedContextWindow: learned }, this.clock.now());
    this.log.warn({ msg: 'context window learned from the model', runId: run.id, model: run.model, tokens: learned.tokens });
    return true;
  }

  private window(run: RunRecord): number {
    return effectiveWindow(this.config.models[run.model].contextWindow, run.learnedContextWindow, run.model);
  }

  /** The history as the model is shown it: the progress note, then what came after it, merged to alternate, results cut to their share. */
  private view(run: RunRecord, history: StoredMessage[], window: number, from: Compacted | null = null, clearedThrough = 0): HistoryMessage[] {
    const [fromSeq, note] = from ? [from.fromSeq, from.note] : [run.contextFromSeq, run.contextNote];
    const kept = history.filter((m) => m.seq >= fromSeq);
    const opening: StoredMessage[] = note === null
      ? []
      : [{ seq: -1, turn: 0, role: 'user', content: progressNoteMessage(run.goal, note).content as string, reply: null }];
    return capToolResults(toMessageParams([...opening, ...kept]) as HistoryMessage[], window, clearedThrough);
  }

  /**
   * The plan after compacting, or null when compacting would not make the request smaller: a
   * history with little besides its latest turns is not summarised at all, and a note that came
   * out larger than what it replaces is not used.
   */
  private async compacted(
    run: RunRecord, history: StoredMessage[], view: HistoryMessage[], plan: ContextPlan, budget: ContextPlanBudget,
  ): Promise<ContextPlan | null> {
    const fromSeq = this.keptFrom(run, history, budget.window);
    const atMost = estimateContext(this.view(run, history, budget.window, { fromSeq, note: '' }), budget) + calibratedEstimate(NOTE_MAX_TOKENS, run.tokenRatio);
    if (atMost >= plan.estimate) return null;
    const note = await this.compact(run, view, budget.window);
    const after = planContext(this.view(run, history, budget.window, { fromSeq, note }), { ...budget, clearedThrough: 0 });
    if (after.estimate >= plan.estimate) {
      this.log.warn({ msg: 'compaction not used: the note made the request no smaller', runId: run.id, turn: run.turn });
      return null;
    }
    Object.assign(run, { contextFromSeq: fromSeq, contextNote: note, clearedThrough: 0 });
    await this.store.saveContextState(run.id, { contextFromSeq: fromSeq, contextNote: note, clearedThrough: 0 }, this.clock.now());
    this.log.log({ msg: 'history compacted', runId: run.id, turn: run.turn, fromSeq, noteChars: note.length });
    return after;
  }

  /** The summarisation call: the note that will open the history, with the files the run touched. */
  private async compact(run: RunRecord, history: HistoryMessage[], window: number): Promise<string> {
    const maxTokens = Math.min(NOTE_MAX_TOKENS, this.config.models[run.model].maxOutputTokens);
    const request = compactionRequest(history, { goal: run.goal, maxRequestTokens: window - maxTokens, ratio: run.tokenRatio });
    const messages = request.messages as MessageParam[];
    // A summarisation is a model call like any other: reserved first (a refusal is thrown to the turn).
    const reservationId = await this.budget.reserve(run, estimateTokens({ system: request.system, messages }), maxTokens);
    const reply = await this.model.complete({ runId: run.id, model: run.model, maxTokens, system: request.system, messages, compaction: true });
    await this.usage.report(run, reply, run.model, this.clock.now(), reservationId);
    return progressNote(history, replyText(reply.content) || 'No summary was written.');
  }

  /**
   * Where the verbatim part resumes: at the assistant message of the oldest turn kept, so no
   * tool_result loses its tool_use. The newest turns are kept while they fit DEFAULT_KEEP_RECENT
   * of the window, as they will be sent; the newest always is (its results are cut to fit).
   */
  private keptFrom(run: RunRecord, history: StoredMessage[], window: number): number {
    const since = history.filter((m) => m.seq >= Math.max(1, run.contextFromSeq));
    const sent = capToolResults(toMessageParams(since) as HistoryMessage[], window);
    const start = recentTurnsWithin(sent, DEFAULT_KEEP_RECENT * window, run.tokenRatio);
    return messageSeqs(since)[start] ?? 2 * run.turn - 1;
  }
}
