import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import Anthropic from '@anthropic-ai/sdk';
import { setTimeout as realSleep } from 'node:timers/promises';
import { Clock, CofounderConfig, Environment, SystemClock } from '@cofounder/config';
import { MetricsRegistry } from '@cofounder/observability';
import { ModelReply } from '../runs/agent-loop/model-reply';
import { ModelClient, ModelRequest } from '../runs/ports';
import { ContextWindowExceeded } from './context-window-exceeded.error';
import { ModelCallMetrics, outcomeOf } from './model-call-metrics';
import { classifyFailure, ModelCallFailure, RetryReason } from './model-call-failure';
import { ModelRefusedCall } from './model-refused-call.error';
import { ModelUnavailable } from './model-unavailable.error';
import { retryDelayMs, RetrySettings } from './retry-policy';

/** Waits between retries; a test injects one that returns at once and records the wait. */
export type Sleep = (ms: number) => Promise<void>;
export const MODEL_RETRY_SLEEP = Symbol('MODEL_RETRY_SLEEP');

type PassingFailure = Extract<ModelCallFailure, { kind: 'passing' }>;

/**
 * The official SDK, streaming. With no ANTHROPIC_API_KEY its base URL is the simulator.
 * Failures that pass (429, 529, 5xx, a dropped connection or stream) are retried here, the
 * SDK's own retries off so there is one policy, one count and one log line per retry.
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
  ) {
    super();
    this.client = new Anthropic({
      apiKey: env.anthropicApiKey ?? 'offline-simulator',
      baseURL: env.anthropicBaseUrl,
      maxRetries: 0,
      timeout: config.limits.modelTimeoutMs,
    });
    const { modelRetries, modelRetryBaseMs, modelRetryMaxMs } = config.limits;
    this.settings = { retries: modelRetries, baseMs: modelRetryBaseMs, maxMs: modelRetryMaxMs };
    this.metrics = new ModelCallMetrics(metrics);
  }

  async complete(request: ModelRequest): Promise<ModelReply> {
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
        if (call > this.settings.retries) throw new ModelUnavailable(exhaustedMessage(failure, call), { cause: err });
        await this.waitToRetry(request.runId, call, failure);
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
      // Per run, so the provider (and the simulator) can tell a run's turns from its summaries.
      metadata: { user_id: request.compaction ? `${request.runId}:compact` : request.runId },
    });
    const message = await stream.finalMessage();
    return {
      responseId: message.id,
      content: message.content,
      stopReason: message.stop_reason,
      usage: {
        inputTokens: message.usage.input_tokens,
        outputTokens: message.usage.output_tokens,
        cacheCreationInputTokens: message.usage.cache_creation_input_tokens ?? 0,
        cacheReadInputTokens: message.usage.cache_read_input_tokens ?? 0,
      },
    };
  }

  // The step stays alive meanwhile: the transport tells JetStream it is working while the handler runs.
  private async waitToRetry(runId: string, retry: number, failure: PassingFailure): Promise<void> {
    const delayMs = retryDelayMs(retry, failure.headers, this.settings, this.clock.now(), Math.random);
    this.metrics.retries.inc({ reason: failure.reason });
    this.log.warn({ msg: 'model call retried', runId, reason: failure.reason, status: failure.status, retry, of: this.settings.retries, delayMs });
    await this.sleep(delayMs);
  }
}

const WHAT_FAILED: Record<RetryReason, (status?: number) => string> = {
  rate_limited: () => 'The model service kept refusing calls because of rate limits',
  overloaded: () => 'The model service stayed overloaded',
  server_error: (status) => `The model service kept failing with server errors (status ${status})`,
  connection: () => 'The model service could not be reached',
  stream_error: () => 'The model\'s answers kept breaking off mid-stream',
};

function exhaustedMessage(failure: PassingFailure, calls: number): string {
  return `${WHAT_FAILED[failure.reason](failure.status)}: ${calls} calls in a row failed.`;
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
