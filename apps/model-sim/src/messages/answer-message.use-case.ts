import { Injectable } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import { summarizeProgress } from '../compaction/progress-summary';
import { Scenario } from '../scenarios/scenario';
import { ScenarioCatalog } from '../scenarios/scenario-catalog';
import { ApiError, invalidRequest } from './api-error';
import { CallRecorder } from './call-recorder';
import { buildMessage, ReplyDraft } from './message-builder';
import { CallTarget, callTarget, firstUserText, MessageRequest, parseMessageRequest, userIdOf } from './message-request';
import { promptPrefixes } from './prompt-cache';
import { PromptCacheStore, PromptUsage } from './prompt-cache-store';
import { limitReply } from './reply-limits';
import { RunCursors } from './run-cursors';
import { brokenStreamReply, errorReply, messageReply, replyOrError, SimReply } from './sim-reply';
import { isThinkingBlock, withoutThinking } from './thinking-blocks';
import { ThinkingLedger } from './thinking-ledger';
import { checkThinkingReturned, thinkingEnabled } from './thinking-request';
import { countInputTokens } from './token-counter';
import { FIRST_TURN, PlayedStep, playTurn } from './turn-player';

const DEFAULT_SCENARIO = 'demo';
const SCENARIO_TAG = /\[scenario:([^\]\s]+)\]/;
// What a stream that breaks off gets to say first, so the client has seen progress before the error.
const CUT_SHORT = { content: [{ type: 'text' as const, text: 'Let me look at what needs doing next.' }] };

/** POST /v1/messages: a turn plays the run's next step, a compaction call summarises, neither advances the other. */
@Injectable()
export class AnswerMessageUseCase {
  constructor(
    private readonly catalog: ScenarioCatalog,
    private readonly runs: RunCursors,
    private readonly recorder: CallRecorder,
    private readonly sentThinking: ThinkingLedger,
    private readonly cache: PromptCacheStore,
  ) {}

  async execute(body: unknown): Promise<SimReply> {
    const at = new Date().toISOString();
    const target = callTarget(body);
    const reply = await replyOrError(() => this.answer(parseMessageRequest(body, 'messages'), target));
    this.recorder.record({ target, kind: target.kind === 'compact' ? 'compact' : 'turn', at, body }, reply);
    return reply;
  }

  private async answer(request: MessageRequest, target: CallTarget): Promise<SimReply> {
    const scenario = this.scenarioFor(request, target);
    const thinking = thinkingEnabled(request);
    if (thinking) checkThinkingReturned(request, (toolUseIds) => this.sentThinking.sentWith(toolUseIds));
    const inputTokens = countInputTokens(request);
    // Checked before a step is played, as the real API refuses before generating anything.
    if (inputTokens > scenario.contextWindow) {
      throw invalidRequest(`prompt is too long: ${inputTokens} tokens > ${scenario.contextWindow} maximum`);
    }
    const prompt = promptPrefixes(request);
    // Only an answered call touches the cache; a call names its cache by its user_id, so a run's summaries keep their own.
    const cached = () => (target.kind === 'anonymous' ? inputTokens : this.cache.settle(userIdOf(request) ?? '', prompt, inputTokens));
    if (target.kind === 'compact') {
      const summary = { content: [{ type: 'text' as const, text: summarizeProgress(request) }], stopReason: 'end_turn' as const };
      return this.reply(summary, request, cached());
    }
    const played = this.advance(scenario, target);
    if (played.delayMs > 0) await delay(played.delayMs);
    if (played.kind === 'error') {
      const { status, type, message, retryAfterSeconds, retryAfterMs, midStream } = played.error;
      const err = new ApiError(status, type, message, { retryAfterSeconds, retryAfterMs });
      if (midStream && request.stream === true) return brokenStreamReply(buildMessage(CUT_SHORT, request.model, inputTokens), err);
      return errorReply(err);
    }
    return this.reply(thinking ? played : { ...played, content: withoutThinking(played.content) }, request, cached());
  }

  /**
   * Whatever a step scripts, the request's max_tokens and stop_sequences end it where the API
   * would. The thinking sent is remembered, to be checked when it comes back.
   */
  private reply(draft: ReplyDraft, request: MessageRequest, prompt: PromptUsage | number): SimReply {
    const limited = limitReply(draft, { max_tokens: request.max_tokens ?? Infinity, stop_sequences: request.stop_sequences });
    const message = buildMessage(limited, request.model, prompt);
    const toolUseIds = message.content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []));
    this.sentThinking.record(message.id, toolUseIds, message.content.filter(isThinkingBlock));
    return messageReply(message, request.stream, limited.cutJson);
  }

  private scenarioFor(request: MessageRequest, target: CallTarget): Scenario {
    const pinned = target.kind === 'anonymous' ? undefined : this.runs.get(target.runId)?.scenario;
    const name = pinned ?? SCENARIO_TAG.exec(firstUserText(request.messages))?.[1] ?? DEFAULT_SCENARIO;
    const scenario = this.catalog.find(name);
    if (!scenario) throw invalidRequest(`unknown scenario "${name}"`);
    return scenario;
  }

  // A call that names no run gets the scenario's first step and changes no run's state.
  private advance(scenario: Scenario, target: Exclude<CallTarget, { kind: 'compact' }>): PlayedStep {
    if (target.kind === 'anonymous') return playTurn(scenario, FIRST_TURN, Date.now()).played;
    const { played, next } = playTurn(scenario, this.runs.get(target.runId)?.cursor ?? FIRST_TURN, Date.now());
    this.runs.set(target.runId, { scenario: scenario.name, cursor: next });
    return played;
  }
}
