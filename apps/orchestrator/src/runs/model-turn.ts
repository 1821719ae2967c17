import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { CofounderConfig, Clock } from '@cofounder/config';
import { backoffMs, OUTAGE_BACKOFF_MAX_MS, outageDependency } from '@cofounder/messaging';
import { ContextWindowExceeded } from '../model/context-window-exceeded.error';
import { ModelRefusedCall } from '../model/model-refused-call.error';
import { ModelUnavailable } from '../model/model-unavailable.error';
import { endsInCutToolCall, withoutCutToolCall } from './agent-loop/cut-tool-call';
import { ModelReply } from './agent-loop/model-reply';
import { cacheTtlFor, withCacheBreakpoints } from './agent-loop/context/cache-breakpoints';
import { turnLimits } from './agent-loop/thinking-budget';
import { AGENT_TOOLS, SYSTEM_PROMPT } from './agent-loop/system-prompt';
import { BudgetRefused, CallBudget } from './call-budget';
import { ModelClient, ModelRequest, RunRecord, RunStore, StoredMessage, UsageReporter } from './ports';
import { OutageNotice } from './outages/outage-notice';
import { RunAnnouncer } from './run-announcer';
import { ContextTooLarge, PreparedContext, RunContext } from './run-context';
import { BudgetRefusals } from './sleep/budget-refusals';

/** Room for one ordinary answer; a tool call cut off by it is asked for again with the model's whole allowance. */
const TURN_MAX_TOKENS = 8192;

/**
 * The model's half of a turn: build the request from the context plan → reserve → call →
 * persist the reply before anything acts on it. Every call is reserved right before it is made
 * (a compaction's too); a refusal puts the run to sleep or asks the founder. A failure the
 * founder must hear of ends or escalates the run here, and the caller gets no reply.
 */
@Injectable()
export class ModelTurn {
  private readonly log = new Logger(ModelTurn.name);

  constructor(
    private readonly store: RunStore,
    private readonly model: ModelClient,
    private readonly usage: UsageReporter,
    private readonly budget: CallBudget,
    private readonly context: RunContext,
    private readonly announcer: RunAnnouncer,
    private readonly refusals: BudgetRefusals,
    private readonly notice: OutageNotice,
    private readonly config: CofounderConfig,
    private readonly clock: Clock,
  ) {}

  async reply(run: RunRecord, turn: number, history: StoredMessage[]): Promise<ModelReply | null> {
    try {
      let context = await this.context.prepare(run, history);
      const lastCallAt = history.findLast((m) => m.reply !== null)?.at;
      let reply: ModelReply;
      try {
        reply = await this.ask(run, context, lastCallAt);
      } catch (err) {
        if (!(err instanceof ContextWindowExceeded)) throw err;
        // The window is smaller than planned for, or our estimate fell short of the model's count:
        // learn both (the window it stated, count_tokens), plan again against them, and try once more.
        // Only when it stated no smaller window is the history compacted whatever the plan says.
        this.log.warn({ msg: 'context window exceeded; planning again and retrying once', runId: run.id, turn, maximum: err.maximum });
        const counted = await this.model.countTokens(this.turnRequest(run, context.messages));
        if (counted !== null) await this.context.learn(run, context.rawEstimate, counted);
        const learned = await this.context.learnWindow(run, err.maximum);
        context = await this.context.prepare(run, history, !learned);
        reply = await this.ask(run, context, lastCallAt);
      }
      // Persist before acting: a step redelivered after a crash must find the tool_use ids it still has to answer.
      await this.saveThroughOutage(run, turn, reply);
      const { inputTokens, cacheCreationInputTokens, cacheReadInputTokens } = reply.usage;
      await this.context.learn(run, context.rawEstimate, inputTokens + cacheCreationInputTokens + cacheReadInputTokens);
      return reply;
    } catch (err) {
      if (err instanceof BudgetRefused) {
        await this.refusals.answer(run, turn, err.refusal);
        return null;
      }
      if (err instanceof ModelUnavailable) {
        await this.announcer.escalate(run, turn - 1, { kind: 'model_error', reason: `${err.message} Try again, or stop the run?`, options: ['retry', 'stop'] });
        return null;
      }
      if (err instanceof ModelRefusedCall) {
        await this.announcer.finish(run, { kind: 'fail', reason: err.message });
        return null;
      }
      if (err instanceof ContextWindowExceeded || err instanceof ContextTooLarge) {
        await this.announcer.finish(run, { kind: 'fail', reason: 'The conversation no longer fits the model\'s context window, even summarised.' });
        return null;
      }
      throw err;
    }
  }

  /**
   * Until it is saved the reply lives only here: giving the step back to wait out a database
   * outage would lose a call already made and paid for, and ask the model the same turn again.
   * So the outage is waited out in place (the step's message kept alive meanwhile), the founder
   * told once it lasts.
   */
  private async saveThroughOutage(run: RunRecord, turn: number, reply: ModelReply): Promise<void> {
    for (let tries = 1; ; tries += 1) {
      try {
        await this.store.saveReply(run.id, turn, reply, this.clock.now());
        return;
      } catch (err) {
        const dependency = outageDependency(err);
        if (!dependency) throw err;
        if (tries === 1) this.log.warn({ msg: 'reply not saved; waiting for the database', runId: run.id, turn, error: String(err) });
        await this.notice.waitingFor({ runId: run.id, turn }, dependency, tries);
        await delay(backoffMs(tries, OUTAGE_BACKOFF_MAX_MS));
      }
    }
  }

  private turnRequest(run: RunRecord, messages: MessageParam[]): ModelRequest {
    return { runId: run.id, model: run.model, ...turnLimits(this.config, run, TURN_MAX_TOKENS, messages), system: SYSTEM_PROMPT, messages, tools: AGENT_TOOLS };
  }

  /** The request as sent for an answer: with cache breakpoints when caching is on (a token count needs none). */
  private cachedTurnRequest(run: RunRecord, messages: MessageParam[], lastCallAt?: Date): ModelRequest {
    const { enabled, longTtlAfterGapMs } = this.config.caching;
    const request = this.turnRequest(run, messages);
    if (!enabled) return request;
    return { ...request, ...withCacheBreakpoints(SYSTEM_PROMPT, messages, cacheTtlFor(lastCallAt, this.clock.now(), longTtlAfterGapMs)) };
  }

  /**
   * One model answer for the turn. A tool call cut off by max_tokens cannot run: it is asked
   * for once more with all the room the model has, then dropped. A reply that says the window
   * was exceeded is thrown like the API's 400, for the caller to compact.
   */
  private async ask(run: RunRecord, context: PreparedContext, lastCallAt?: Date): Promise<ModelReply> {
    const { maxOutputTokens } = this.config.models[run.model];
    const request = this.cachedTurnRequest(run, context.messages, lastCallAt);
    let reply = await this.reservedCall(run, request, context.rawEstimate);
    if (endsInCutToolCall(reply) && maxOutputTokens > request.maxTokens) {
      // More room costs more: this call's worst case is reserved on its own.
      reply = await this.reservedCall(run, { ...request, maxTokens: maxOutputTokens }, context.rawEstimate);
    }
    if (endsInCutToolCall(reply)) reply = withoutCutToolCall(reply);
    if (reply.stopReason === 'model_context_window_exceeded') {
      // It stopped where its window ended: what it read and wrote fills the window.
      const { inputTokens, cacheCreationInputTokens, cacheReadInputTokens, outputTokens } = reply.usage;
      throw new ContextWindowExceeded('The model stopped: its context window was full.', inputTokens + cacheCreationInputTokens + cacheReadInputTokens + outputTokens);
    }
    return reply;
  }

  /**
   * Reserved at its `max_tokens`, then made. Every reply is billed, whatever comes of it: reported
   * at once with its reservation, before it is saved, so a saved reply has always been reported
   * (billing keeps one row per response).
   */
  private async reservedCall(run: RunRecord, request: ModelRequest, promptEstimateTokens: number): Promise<ModelReply> {
    const reservationId = await this.budget.reserve(run, promptEstimateTokens, request.maxTokens);
    const reply = await this.model.complete(request);
    await this.usage.report(run, reply, run.model, this.clock.now(), reservationId);
    return reply;
  }
}
