import { Injectable, Logger } from '@nestjs/common';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { CofounderConfig, Clock, tierOf } from '@cofounder/config';
import { EscalationAttemptV1, isTerminal, RunStepV1 } from '@cofounder/contracts';
import { estimateTurnCostMicrodollars } from '../budget/turn-cost';
import { decide, Decision, EscalationRequest } from './agent-loop/decide';
import { endsInCutToolCall, withoutCutToolCall } from './agent-loop/cut-tool-call';
import { ModelReply, replyText } from './agent-loop/model-reply';
import { AGENT_TOOLS, SYSTEM_PROMPT } from './agent-loop/system-prompt';
import { HistoryMessage } from './agent-loop/context/history';
import { judgeLoop } from './agent-loop/guards/loop-guard';
import { loopTrace } from './agent-loop/guards/loop-steps';
import { judgeToolResults, ToolResultFact } from './agent-loop/guards/judge-tool-results';
import { recentAttempts } from './agent-loop/guards/recent-attempts';
import { escalationAttempts } from './agent-loop/guards/retry-budget';
import { ContextWindowExceeded } from '../model/context-window-exceeded.error';
import { ModelRefusedCall } from '../model/model-refused-call.error';
import { ModelUnavailable } from '../model/model-unavailable.error';
import { ContextTooLarge, RunContext } from './run-context';
import {
  BudgetGate, EscalationRecord, ModelClient, ModelRequest, RunEvents, RunRecord, RunStateMirror, RunStore, RunWorkspace, StepQueue, StoredMessage, UsageReporter,
} from './ports';
import { ToolTurn } from './tool-turn';

/** Room for one ordinary answer; a tool call cut off by it is asked for again with the model's whole allowance. */
const TURN_MAX_TOKENS = 8192;

/**
 * One turn of a run: load the checkpoint, authorize, call the model, persist the reply before
 * acting, act on it, publish the next step. Every write is keyed by (run, turn) so a step
 * redelivered after a crash resumes where the last one stopped and repeats nothing.
 */
@Injectable()
export class RunStepUseCase {
  private readonly log = new Logger(RunStepUseCase.name);

  constructor(
    private readonly store: RunStore,
    private readonly model: ModelClient,
    private readonly toolTurn: ToolTurn,
    private readonly workspace: RunWorkspace,
    private readonly events: RunEvents,
    private readonly steps: StepQueue,
    private readonly usage: UsageReporter,
    private readonly budget: BudgetGate,
    private readonly stateMirror: RunStateMirror,
    private readonly context: RunContext,
    private readonly config: CofounderConfig,
    private readonly clock: Clock,
  ) {}

  async execute(step: RunStepV1): Promise<void> {
    const run = await this.store.find(step.runId);
    if (!run) return;
    if (isTerminal(run.status)) {
      // The status was saved but the process died before announcing it: announce it now (keys dedupe).
      if (step.turn >= run.turn) await this.announceEnd(run);
      return;
    }
    if (run.status === 'awaiting_input') {
      // The question was saved but perhaps never announced before a crash: announce it now (keys dedupe).
      const open = await this.store.openEscalationOf(run.id);
      if (open && step.turn >= open.turn) await this.announceEscalation(run, open);
      return;
    }
    if (run.status === 'paused') {
      // The founder paused it: the turn in hand has finished; now its sandbox (this step comes back if the executor is away).
      await this.workspace.pause(run);
      return;
    }
    if (run.status !== 'running') return;
    if (run.resumedTurn !== null && step.turn <= run.resumedTurn && step.resumeKey === undefined) {
      this.log.warn({ msg: 'step left from before the founder\'s answer ignored', runId: run.id, turn: step.turn });
      return;
    }
    if (step.turn < run.turn || step.turn > run.turn + 1) {
      this.log.warn({ msg: 'stale step ignored', runId: run.id, turn: step.turn, checkpoint: run.turn });
      return;
    }
    const history = await this.store.history(run.id);
    const resumed = step.turn === run.turn ? persistedTurn(history, step.turn) : null;
    const reply = resumed ? resumed.reply : await this.callModel(run, step.turn, history);
    if (!reply) return;
    // A turn whose results were saved before a crash was already counted: the cap must judge it as it did then.
    const progress = { toolCalls: run.toolCalls - (resumed?.toolCallsSaved ?? 0) };
    const text = replyText(reply.content);
    if (text) await this.events.publish(run.id, `${step.turn}:message`, { type: 'agent.message', text });
    const earlier = history.filter((m) => m.turn < step.turn);
    await this.act({ run, turn: step.turn, reply, earlier }, decide(reply, progress, { toolCallCap: this.toolCallCap(run) }));
  }

  /** Marks a run failed when its step can no longer be retried, so no run hangs in `running`. */
  async failRun(runId: string, reason: string): Promise<void> {
    const run = await this.store.find(runId);
    if (run && run.status === 'running') await this.finish(run, { kind: 'fail', reason });
  }

  private toolCallCap(run: RunRecord): number {
    return tierOf(this.config, run.tier).toolCallCap + run.toolCallAllowance;
  }

  private async callModel(run: RunRecord, turn: number, history: StoredMessage[]): Promise<ModelReply | null> {
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
        await this.escalate(run, turn - 1, { kind: 'model_error', reason: `${err.message} Try again, or stop the run?`, options: ['retry', 'stop'] });
        return null;
      }
      if (err instanceof ModelRefusedCall) {
        await this.finish(run, { kind: 'fail', reason: err.message });
        return null;
      }
      if (err instanceof ContextWindowExceeded || err instanceof ContextTooLarge) {
        await this.finish(run, { kind: 'fail', reason: 'The conversation no longer fits the model\'s context window, even summarised.' });
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
    await this.finish(run, { kind: 'fail', reason: authorization.reason ?? 'The budget does not allow another model call.' });
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

  private async act(at: TurnAt, decision: Decision): Promise<void> {
    const { run, turn } = at;
    if (decision.kind === 'continue') return this.guardLoop(at, [assistantMessage(at)]);
    if (decision.kind === 'escalate') return this.escalate(run, turn, decision.escalation);
    if (decision.kind !== 'run_tools') return this.finish(run, decision);
    const { results, facts } = await this.toolTurn.run(run, turn, decision.calls);
    if (await this.triesSpent(run, turn, facts)) return;
    await this.guardLoop(at, [assistantMessage(at), { role: 'user', content: results as HistoryMessage['content'] }]);
  }

  /** Counts each failure against its error; on the third of one error the founder is asked. */
  private async triesSpent(run: RunRecord, turn: number, facts: ToolResultFact[]): Promise<boolean> {
    const changes = judgeToolResults(await this.store.errorRetries(run.id), facts);
    await this.store.saveErrorRetries(run.id, changes, this.clock.now());
    if (!changes.exhausted) return false;
    const attempts = escalationAttempts(changes.exhausted);
    await this.escalate(run, turn, {
      kind: 'retries',
      reason: `The agent tried ${attempts.length} times and kept hitting the same error: ${attempts.at(-1)!.error} `
        + 'Try again, skip this step, give guidance, or stop the run?',
      options: ['retry', 'skip', 'guide', 'stop'],
    }, attempts);
    return true;
  }

  /** Loop patterns since the founder last spoke: one nudge to the model, then the founder is asked. */
  private async guardLoop(at: TurnAt, thisTurn: HistoryMessage[]): Promise<void> {
    const { run, turn } = at;
    const sinceFounder = [...at.earlier.filter((m) => m.turn > run.guardsFromTurn).map(historyMessage), ...thisTurn];
    // Nudged by an earlier turn: this turn's own nudge, if its step is redelivered, is given again, not escalated.
    const nudged = run.nudgedTurn !== null && run.nudgedTurn < turn;
    const verdict = judgeLoop(loopTrace(sinceFounder), nudged);
    if (verdict.kind === 'escalate') {
      return this.escalate(run, turn, {
        kind: verdict.escalationKind, reason: `${verdict.reason} Try again, skip this step, give guidance, or stop the run?`,
        options: ['retry', 'skip', 'guide', 'stop'],
      }, recentAttempts(sinceFounder));
    }
    if (verdict.kind === 'nudge') {
      const now = this.clock.now();
      await this.store.appendNote(run.id, turn, verdict.text, now);
      await this.store.markNudged(run.id, turn, now);
      this.log.log({ msg: 'agent nudged out of a loop', runId: run.id, turn });
    }
    await this.steps.enqueue(run.id, turn + 1);
  }

  /** Puts the question to the founder; the run waits in `awaiting_input` until they answer. */
  private async escalate(run: RunRecord, turn: number, request: EscalationRequest, attempts: EscalationAttemptV1[] = []): Promise<void> {
    const now = this.clock.now();
    const escalation = await this.store.openEscalation(run.id, turn, { ...request, attempts }, now);
    if (!(await this.store.transition(run.id, ['running'], 'awaiting_input', { reason: escalation.reason }, now))) {
      // Paused or cancelled by the founder while this turn ran: their word stands, the question does not.
      await this.store.withdrawOpenEscalation(run.id, now);
      return;
    }
    await this.announceEscalation(run, escalation);
  }

  private async announceEscalation(run: RunRecord, escalation: EscalationRecord): Promise<void> {
    await this.stateMirror.update(run, 'awaiting_input', this.clock.now());
    await this.events.publish(run.id, `status:awaiting_input:${escalation.id}`, { type: 'run.status', status: 'awaiting_input', reason: escalation.reason });
    await this.events.publish(run.id, `escalation:${escalation.id}`, {
      type: 'escalation.required', escalationId: escalation.id, kind: escalation.kind, reason: escalation.reason,
      attempts: escalation.attempts, options: escalation.options,
    });
  }

  private async finish(run: RunRecord, decision: Extract<Decision, { kind: 'complete' | 'fail' }>): Promise<void> {
    const now = this.clock.now();
    const ended: RunRecord = decision.kind === 'complete'
      ? { ...run, status: 'completed', summary: decision.summary, reason: null }
      : { ...run, status: 'failed', reason: decision.reason };
    // Paused while its last turn ran, the run still ends; cancelled meanwhile, the founder's word stands.
    if (!(await this.store.transition(run.id, ['running', 'paused'], ended.status, { summary: ended.summary, reason: ended.reason }, now))) return;
    await this.stateMirror.update(run, ended.status, now);
    await this.announceEnd(ended);
  }

  /**
   * Keyed events: announcing twice (after a crash) shows each event once. The sandbox goes
   * last: an executor out of reach fails the step, which comes back to release it.
   */
  private async announceEnd(run: RunRecord): Promise<void> {
    if (run.status === 'completed') {
      const summary = run.summary ?? 'The agent finished its work.';
      await this.events.publish(run.id, 'status:completed', { type: 'run.status', status: 'completed' });
      await this.events.publish(run.id, 'completed', { type: 'run.completed', summary });
    } else if (run.status === 'failed') {
      const reason = run.reason ?? 'The run failed.';
      await this.events.publish(run.id, 'status:failed', { type: 'run.status', status: 'failed', reason });
      await this.events.publish(run.id, 'failed', { type: 'run.failed', reason });
    }
    await this.workspace.release(run);
  }
}

/** Where a step is: the run as loaded, the turn, its reply and the history before it. */
interface TurnAt {
  run: RunRecord;
  turn: number;
  reply: ModelReply;
  earlier: StoredMessage[];
}

function historyMessage(m: StoredMessage): HistoryMessage {
  return { role: m.role, content: m.content as HistoryMessage['content'] };
}

function assistantMessage(at: TurnAt): HistoryMessage {
  return { role: 'assistant', content: at.reply.content as HistoryMessage['content'] };
}

/** A turn whose reply was saved before a crash: resumed from it, never asked of the model again. */
function persistedTurn(history: StoredMessage[], turn: number): { reply: ModelReply; toolCallsSaved: number } | null {
  const reply = history.find((m) => m.turn === turn && m.role === 'assistant')?.reply;
  if (!reply) return null;
  const results = history.find((m) => m.turn === turn && m.role === 'user')?.content;
  // Only tool results count: a note for the model may share their message.
  const toolCallsSaved = Array.isArray(results) ? results.filter((b) => (b as { type?: string }).type === 'tool_result').length : 0;
  return { reply, toolCallsSaved };
}
