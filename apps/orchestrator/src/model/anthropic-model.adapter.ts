import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import Anthropic from '@anthropic-ai/sdk';
import { setTimeout as realSleep } from 'node:timers/promises';
import { Clock, CofounderConfig, Environment, SystemClock } from '@cofounder/config';
import { MetricsRegistry } from '@cofounder/observability';
import { ModelReply } from '../runs/agent-loop/model-reply';
import { ModelBusyListener, ModelClient, ModelRequest } from '../runs/ports';
import { ContextWindowExceeded } from './context-window-exceeded.error';
import { ModelCallMetrics, outcomeOf } from './model-call-metrics';
import { classifyFailure, ModelCallFailure, RetryReason } from './model-call-failure';
import { ModelRefusedCall } from './model-refused-call.error';
import { ModelUnavailable } from './model-unavailable.error';
import { nextRetry, RetrySettings } from './retry-policy';

/** Waits between retries; a test injects one that returns at once and records the wait. */
export type Sleep = (ms: number) => Promise<void>;
export const MODEL_RETRY_SLEEP = Symbol('MODEL_RETRY_SLEEP');

type PassingFailure = Extract<ModelCallFailure, { kind: 'passing' }>;
/** A failure that would pass, retried or not: what WHAT_FAILED words. */
type ReasonedFailure = Extract<ModelCallFailure, { kind: 'passing' | 'not_to_retry' }>;

/** An overload shorter than this many retries (a few seconds of backoff) is not worth a word to the founder. */
const RETRIES_BEFORE_NOTICE = 3;

/**
 * The official SDK, streaming. With no ANTHROPIC_API_KEY its base URL is the simulator.
 * Failures that pass (429, 529, 5xx, a dropped connection or stream) are retried here for
 * `limits.modelBusyForMs`, the SDK's own retries off so there is one policy and one log line
 * per retry.
 *
 * The wait is held in place rather than handed back to JetStream (`nak(delay)`): the call's
 * budget reservation is made once, before it, and a step given back would reserve again at
 * every delivery, each reservation held until its TTL, and rebuild its context each time.
 * Meanwhile the transport tells JetStream the step is working and the step lease is renewed.
 * A crash mid-wait loses nothing: no call was answered, so none was billed; the step comes
 * back after ack_wait, its lease lapses, and the redelivery starts the call (and the wait) anew.
 */
@Injectable()
export class AnthropicModelAdapter extends ModelClient {
  private readonly log = new Logger(AnthropicModelAdapter.name);
  private readonly client: Anthropic;
  private readonly settings: RetrySettings;
  private readonly metrics: ModelCallMetrics;

  constructor(
    env: Environment,
    config: CofounderConfig,
    @Optional() metrics?: MetricsRegistry,
    @Optional() private readonly clock: Clock = new SystemClock(),
    @Optional() @Inject(MODEL_RETRY_SLEEP) private readonly sleep: Sleep = (ms) => realSleep(ms),
    @Optional() private readonly busy?: ModelBusyListener,
  ) {
    super();
    this.client = new Anthropic({
      apiKey: env.anthropicApiKey ?? 'offline-simulator',
      baseURL: env.anthropicBaseUrl,
      maxRetries: 0,
      timeout: config.limits.modelTimeoutMs,
    });
    const { modelBusyForMs, modelRetryBaseMs, modelRetryMaxMs } = config.limits;
    this.settings = { busyForMs: modelBusyForMs, baseMs: modelRetryBaseMs, maxMs: modelRetryMaxMs };
    this.metrics = new ModelCallMetrics(metrics);
  }

  async complete(request: ModelRequest): Promise<ModelReply> {
    let since: Date | undefined;
    for (let call = 1; ; call++) {
      try {
        const reply = await this.callOnce(request);
        this.metrics.calls.inc({ model: request.model, outcome: 'ok' });
        return reply;
      } catch (err) {
        const failure = classifyFailure(err);
        this.metrics.calls.inc({ model: request.model, outcome: outcomeOf(failure) });
        if (failure.kind === 'not_an_api_failure') throw err;
        if (failure.kind === 'context_window') {
          throw new ContextWindowExceeded('The conversation no longer fits in the model\'s context window.', failure.maximum, { cause: err });
        }
        if (failure.kind === 'refused') {
          this.log.error({ msg: 'model call refused', runId: request.runId, status: failure.status, type: failure.type, error: String(err) });
          throw new ModelRefusedCall(refusalMessage(failure.status, failure.type), { cause: err });
        }
        if (failure.kind === 'not_to_retry') throw new ModelUnavailable(notToRetryMessage(failure), { cause: err });
        since ??= this.clock.now();
        const next = nextRetry(call, failure.headers, this.settings, since, this.clock.now(), Math.random);
        if (next.kind === 'give_up') throw new ModelUnavailable(exhaustedMessage(failure, call, since, this.clock.now()), { cause: err });
        await this.waitToRetry(request.runId, call, failure, next.delayMs);
      }
    }
  }

  async countTokens(request: ModelRequest): Promise<number | null> {
    try {
      const counted = await this.client.messages.countTokens({
        model: request.model, system: request.system, messages: request.messages, ...(request.tools ? { tools: request.tools } : {}),
      });
      return counted.input_tokens;
    } catch (err) {
      this.log.warn({ msg: 'token count unavailable', runId: request.runId, error: String(err) });
      return null;
    }
  }

  private async callOnce(request: ModelRequest): Promise<ModelReply> {
    const stream = this.client.messages.stream({
      model: request.model,
      max_tokens: request.maxTokens,
      system: request.system,
      messages: request.messages,
      ...(request.tools ? { tools: request.tools } : {}),
      ...(request.thinkingBudgetTokens ? { thinking: { type: 'enabled' as const, budget_tokens: request.thinkingBudgetTokens } } : {}),
      // Per run, so the provider (and the simulator) can tell a run's turns from its summaries.
      metadata: { user_id: request.compaction ? `${request.runId}:compact` : request.runId },
    });
    const message = await stream.finalMessage();
    const oneHour = message.usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
    return {
      responseId: message.id,
      content: message.content,
      stopReason: message.stop_reason,
      usage: {
        inputTokens: message.usage.input_tokens,
        outputTokens: message.usage.output_tokens,
        cacheCreationInputTokens: message.usage.cache_creation_input_tokens ?? 0,
        cacheReadInputTokens: message.usage.cache_read_input_tokens ?? 0,
        ...(oneHour > 0 ? { cacheCreation1hInputTokens: oneHour } : {}),
      },
    };
  }

  private async waitToRetry(runId: string, retry: number, failure: PassingFailure, delayMs: number): Promise<void> {
    this.metrics.retries.inc({ reason: failure.reason });
    this.log.warn({ msg: 'model call retried', runId, reason: failure.reason, status: failure.status, retry, delayMs });
    if (retry >= RETRIES_BEFORE_NOTICE) await this.busy?.busy(runId, new Date(this.clock.now().getTime() + delayMs));
    await this.sleep(delayMs);
  }
}

const WHAT_FAILED: Record<RetryReason, (status?: number) => string> = {
  rate_limited: () => 'The model service kept refusing calls because of rate limits',
  overloaded: () => 'The model service stayed overloaded',
  server_error: (status) => `The model service kept failing with server errors (status ${status})`,
  connection: () => 'The model service could not be reached',
  stream_error: () => 'The model\'s answers kept breaking off mid-stream',
  asked_to_retry: (status) => `The model service kept failing and asking to be called again (status ${status})`,
};

function exhaustedMessage(failure: ReasonedFailure, calls: number, since: Date, now: Date): string {
  return `${WHAT_FAILED[failure.reason](failure.status)}: ${calls} calls in a row failed over ${duration(now.getTime() - since.getTime())}.`;
}

function notToRetryMessage(failure: ReasonedFailure): string {
  return `${WHAT_FAILED[failure.reason](failure.status)}, and said not to call again for now.`;
}

/** "40 seconds", "10 minutes": how long the calls kept failing, in the words a founder reads. */
function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 1) return 'less than a second';
  if (seconds < 120) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `${Math.round(seconds / 60)} minutes`;
}

const REFUSED_BECAUSE: Record<number, string> = {
  401: 'the API key was not accepted',
  402: 'the account\'s billing does not allow it',
  403: 'the API key is not allowed to do this',
  404: 'the model or endpoint was not found',
  413: 'the request was too large',
};

function refusalMessage(status: number | undefined, type: string | null): string {
  const because = (status !== undefined ? REFUSED_BECAUSE[status] : undefined) ?? 'the request was not accepted';
  const code = status !== undefined ? `status ${status}` : `a ${type ?? 'stream'} error`;
  return `The model service refused the call (${code}): ${because}.`;
}
