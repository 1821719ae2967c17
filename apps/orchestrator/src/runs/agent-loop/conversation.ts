import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { StoredMessage } from '../ports';

type Block = Record<string, unknown>;

const blocksOf = (content: StoredMessage['content']): Block[] =>
  typeof content === 'string' ? [{ type: 'text', text: content }] : (content as Block[]);

interface Merged {
  role: StoredMessage['role'];
  content: StoredMessage['content'];
  /** The seq of the first stored message merged into this one. */
  seq: number;
}

/**
 * Two messages of one role in a row (a paused or cut-off answer and its continuation, tool
 * results and the founder's guidance) become one, because the API wants the roles to alternate.
 */
function merged(history: readonly StoredMessage[]): Merged[] {
  const out: Merged[] = [];
  for (const m of history) {
    // An empty answer (an empty end_turn, since nudged) is refused by the API, so it is left out.
    if (Array.isArray(m.content) && m.content.length === 0) continue;
    const last = out[out.length - 1];
    if (last && last.role === m.role) last.content = [...blocksOf(last.content), ...blocksOf(m.content)];
    else out.push({ role: m.role, content: m.content, seq: m.seq });
  }
  return out;
}

/** The stored history as the Messages API takes it. */
export function toMessageParams(history: readonly StoredMessage[]): MessageParam[] {
  return merged(history).map(({ role, content }) => ({ role, content })) as MessageParam[];
}

/** For each message toMessageParams makes of `history`, the seq it starts at. */
export function messageSeqs(history: readonly StoredMessage[]): number[] {
  return merged(history).map((m) => m.seq);
}
