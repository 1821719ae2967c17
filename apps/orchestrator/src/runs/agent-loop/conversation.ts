import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { StoredMessage } from '../ports';

/** The stored history as the Messages API takes it; the stored blocks are the API's own. */
export function toMessageParams(history: readonly StoredMessage[]): MessageParam[] {
  return history.map((m) => ({ role: m.role, content: m.content }) as MessageParam);
}
