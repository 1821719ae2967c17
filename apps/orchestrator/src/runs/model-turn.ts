import { Injectable, Logger } from '@nestjs/common';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { CofounderConfig, Clock } from '@cofounder/config';
import { estimateTurnCostMicrodollars } from '../budget/turn-cost';
import { ContextWindowExceeded } from '../model/context-window-exceeded.error';
import { ModelRefusedCall } from '../model/model-refused-call.error';
import { ModelUnavailable } from '../model/model-unavailable.error';
import { endsInCutToolCall, withoutCutToolCall } from './agent-loop/cut-tool-call';
import { ModelReply } from './agent-loop/model-reply';
import { AGENT_TOOLS, SYSTEM_PROMPT } from './agent-loop/system-prompt';
import { BudgetGate, ModelClient, ModelRequest, RunRecord, RunStore, StoredMessage, UsageReporter } from './ports';
import { RunAnnouncer } from './run-announcer';
import { ContextTooLarge, RunContext } from './run-context';

/** Room for one ordinary answer; a tool call cut off by it is asked for again with the model's whole allowance. */
const TURN_MAX_TOKENS = 8192;

/**
 * The model's half of a turn: authorize → build the request from the context plan → call →
 * persist the reply before anything acts on it. A failure the founder must hear of ends or
 * escalates the run here, and the caller gets no reply.
 */
@Injectable()
export class ModelTurn {
  private readonly log = new Logger(ModelTurn.name);

  constructor(
    private readonly store: RunStore,
    private readonly model: ModelClient,
    private readonly usage: UsageReporter,
    private readonly budget: BudgetGate,
    private readonly context: RunContext,
    private readonly announcer: RunAnnouncer,
    private readonly config: CofounderConfig,
    private readonly clock: Clock,
  ) {}

  async reply(run: RunRecord, turn: number, history: StoredMessage[]): Promise<ModelReply | null> {
    try {
      // Authorized before anything is spent, compaction included.
      if (!(await this.authorized(run, history))) return null;
      let context = await this.context.prepare(run, history);
      let reply: ModelReply;
      try {
        reply = await this.ask(run, context.messages);
      } catch (err) {
        if (!(err instanceof ContextWindowExceeded)) throw err;
        // Our estimate fell short of the model's count: learn by how much (count_tokens), compact, and try once more.
        this.log.warn({ msg: 'context window exceeded; compacting and retrying once', runId: run.id, turn });
        const counted = await this.model.countTokens(this.turnRequest(run, context.messages));
        if (counted !== null) await this.context.learn(run, context.rawEstimate, counted);
        if (!(await this.authorized(run, history))) return null;
        context = await this.context.prepare(run, history, true);
        reply = await this.ask(run, context.messages);
      }
      const { inputTokens, cacheCreationInputTokens, cacheReadInputTokens } = reply.usage;
      await this.context.learn(run, context.rawEstimate, inputTokens + cacheCreationInputTokens + cacheReadInputTokens);
      // Persist before acting: a step redelivered after a crash must find the tool_use ids it still has to answer.
      await this.store.saveReply(run.id, turn, reply, this.clock.now());
      return reply;
    } catch (err) {
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

  private turnRequest(run: RunRecord, messages: MessageParam[]): ModelRequest {
    const { maxOutputTokens } = this.config.models[run.model];
    return { runId: run.id, model: run.model, maxTokens: Math.min(TURN_MAX_TOKENS, maxOutputTokens), system: SYSTEM_PROMPT, messages, tools: AGENT_TOOLS };
  }

  /**
   * Billing's word on the worst this turn can cost: a prompt as large as the history since the
   * last compaction (and its note), never larger than the window, and the model's whole output
   * allowance. A refusal ends the run.
   */
  private async authorized(run: RunRecord, history: StoredMessage[]): Promise<boolean> {
    const { contextWindow, maxOutputTokens, price } = this.config.models[run.model];
    const shown = history.filter((m) => m.seq >= run.contextFromSeq).map((m) => m.content);
    const promptChars = Math.min(SYSTEM_PROMPT.length + (run.contextNote?.length ?? 0) + JSON.stringify(shown).length, contextWindow * 4);
    const authorization = await this.budget.authorize(run, estimateTurnCostMicrodollars(promptChars, maxOutputTokens, price));
    if (authorization.allowed) return true;
    await this.announcer.finish(run, { kind: 'fail', reason: authorization.reason ?? 'The budget does not allow another model call.' });
    return false;
  }

  /**
   * One model answer for the turn. A tool call cut off by max_tokens cannot run: it is asked
   * for once more with all the room the model has, then dropped. A reply that says the window
   * was exceeded is thrown like the API's 400, for the caller to compact.
   */
  private async ask(run: RunRecord, messages: MessageParam[]): Promise<ModelReply> {
    const { maxOutputTokens } = this.config.models[run.model];
    const request = this.turnRequest(run, messages);
    // Every reply is billed, whatever comes of it: reported at once, before it is saved, so a saved
    // reply has always been reported (billing keeps one row per response).
    let reply = await this.model.complete(request);
    await this.usage.report(run, reply, run.model, this.clock.now());
    if (endsInCutToolCall(reply) && maxOutputTokens > request.maxTokens) {
      reply = await this.model.complete({ ...request, maxTokens: maxOutputTokens });
      await this.usage.report(run, reply, run.model, this.clock.now());
    }
    if (endsInCutToolCall(reply)) reply = withoutCutToolCall(reply);
    if (reply.stopReason === 'model_context_window_exceeded') throw new ContextWindowExceeded('The model stopped: its context window was full.');
    return reply;
  }
}
