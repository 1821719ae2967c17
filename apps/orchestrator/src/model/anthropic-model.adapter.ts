import { Injectable } from '@nestjs/common';
import Anthropic from '@anthropic-ai/sdk';
import { CofounderConfig, Environment } from '@cofounder/config';
import { ModelReply } from '../runs/agent-loop/model-reply';
import { ModelClient, ModelRequest } from '../runs/ports';
import { Unavailable } from '@cofounder/contracts';
import { ModelUnavailable } from './model-unavailable.error';

/**
 * The official SDK, streaming. With no ANTHROPIC_API_KEY its base URL is the simulator.
 * The SDK retries 408/409/429/5xx itself, honouring retry-after.
 */
@Injectable()
export class AnthropicModelAdapter extends ModelClient {
  private readonly client: Anthropic;

  constructor(env: Environment, config: CofounderConfig) {
    super();
    this.client = new Anthropic({
      apiKey: env.anthropicApiKey ?? 'offline-simulator',
      baseURL: env.anthropicBaseUrl,
      maxRetries: 2,
      timeout: config.limits.modelTimeoutMs,
    });
  }

  async complete(request: ModelRequest, onProgress: () => void): Promise<ModelReply> {
    try {
      const stream = this.client.messages.stream({
        model: request.model,
        max_tokens: request.maxTokens,
        system: request.system,
        messages: request.messages,
        tools: request.tools,
        metadata: { user_id: request.runId },
      });
      stream.on('streamEvent', () => onProgress());
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
    } catch (err) {
      if (err instanceof Anthropic.APIConnectionError) {
        throw new ModelUnavailable('The model service could not be reached.', { cause: err });
      }
      if (err instanceof Anthropic.RateLimitError) {
        throw new ModelUnavailable('The model service kept refusing calls (rate limited).', { cause: err });
      }
      if (err instanceof Anthropic.InternalServerError) {
        throw new ModelUnavailable(`The model service kept failing (status ${err.status}).`, { cause: err });
      }
      if (err instanceof Anthropic.APIError && err.status === undefined) {
        // An error event in the middle of a stream (an overload): the SDK does not retry it, the step's redelivery does.
        throw new Unavailable('The model stream broke off; the turn will be tried again.', { cause: err });
      }
      if (err instanceof Anthropic.APIError) {
        throw new ModelUnavailable(`The model service refused the call (status ${err.status}).`, { cause: err });
      }
      throw err;
    }
  }
}
