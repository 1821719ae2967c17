import { Injectable } from '@nestjs/common';
import { CallRecorder } from './call-recorder';
import { callTarget, parseMessageRequest } from './message-request';
import { jsonReply, replyOrError, SimReply } from './sim-reply';
import { countInputTokens } from './token-counter';

/**
 * POST /v1/messages/count_tokens: the same count as usage, advancing nothing. The real endpoint
 * takes no `metadata`; a caller that sends `metadata.user_id` anyway gets the call in that run's log.
 */
@Injectable()
export class CountTokensUseCase {
  constructor(private readonly recorder: CallRecorder) {}

  async execute(body: unknown): Promise<SimReply> {
    const at = new Date().toISOString();
    const reply = await replyOrError(async () => {
      const request = parseMessageRequest(body, 'count_tokens');
      return jsonReply({ input_tokens: countInputTokens(request) });
    });
    this.recorder.record({ target: callTarget(body), kind: 'count_tokens', at, body }, reply);
    return reply;
  }
}
