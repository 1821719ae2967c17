import { partialParse } from '@anthropic-ai/sdk/_vendor/partial-json-parser/parser';
import { ContentBlockSpec } from '../scenarios/scenario';
import { ReplyDraft } from './message-builder';

/** The request fields that stop a reply early, as the API reads them. */
export interface ReplyLimits {
  max_tokens: number;
  stop_sequences?: readonly string[];
}

export interface LimitedReply extends ReplyDraft {
  /** The JSON a tool call had streamed when max_tokens cut it; that tool call ends the reply. */
  cutJson?: string;
}

// The token rule's 4 characters a token, counted here on code points so no cut splits a character.
const CHARS_PER_TOKEN = 4;

const chars = (text: string): string[] => Array.from(text);

/** Where the earliest stop sequence starts in `text`, in code points, and which one it is. */
function firstStop(text: string, sequences: readonly string[]): { at: number; sequence: string } | undefined {
  let found: { index: number; sequence: string } | undefined;
  for (const sequence of sequences) {
    const index = sequence ? text.indexOf(sequence) : -1;
    if (index >= 0 && (!found || index < found.index)) found = { index, sequence };
  }
  return found && { at: chars(text.slice(0, found.index)).length, sequence: found.sequence };
}

/** The input the SDK assembles from a truncated JSON, so both endpoints answer the same. */
function cutToolCall(block: ContentBlockSpec, cutJson: string): ContentBlockSpec {
  return { ...block, input: (cutJson ? partialParse(cutJson) : {}) as Record<string, unknown> };
}

/**
 * The reply as the API would end it for this request: stopped before the first stop sequence in
 * a text block, or cut where its output reaches max_tokens (a text at the token boundary, a tool
 * call inside its JSON). A step that says max_tokens and ends in a tool call has that call cut too,
 * as the API only stops for max_tokens mid-generation.
 */
export function limitReply(draft: ReplyDraft, limits: ReplyLimits): LimitedReply {
  const maxTokens = limits.max_tokens;
  const cut = (content: ContentBlockSpec[], cutJson?: string): LimitedReply => ({
    content, stopReason: 'max_tokens', usage: { ...draft.usage, output_tokens: maxTokens }, maxTokens, ...(cutJson !== undefined ? { cutJson } : {}),
  });
  let budget = maxTokens * CHARS_PER_TOKEN;
  const sent: ContentBlockSpec[] = [];
  for (const block of draft.content) {
    if (budget <= 0) return cut(sent);
    if (block.type === 'text') {
      const text = chars(block.text ?? '');
      const stop = firstStop(block.text ?? '', limits.stop_sequences ?? []);
      if (stop && stop.at + chars(stop.sequence).length <= budget) {
        const before = { ...block, text: text.slice(0, stop.at).join('') };
        return { ...draft, content: [...sent, before], stopReason: 'stop_sequence', stopSequence: stop.sequence, maxTokens };
      }
      if (text.length > budget) return cut([...sent, { ...block, text: text.slice(0, budget).join('') }]);
      budget -= text.length;
    } else {
      const json = chars(JSON.stringify(block.input ?? {}));
      if (json.length > budget) {
        const cutJson = json.slice(0, budget).join('');
        return cut([...sent, cutToolCall(block, cutJson)], cutJson);
      }
      budget -= json.length;
    }
    sent.push(block);
  }
  const last = draft.content.at(-1);
  if (draft.stopReason === 'max_tokens' && last?.type === 'tool_use') {
    const json = chars(JSON.stringify(last.input ?? {}));
    const cutJson = json.slice(0, Math.floor(json.length / 2)).join('');
    return { ...draft, content: [...draft.content.slice(0, -1), cutToolCall(last, cutJson)], maxTokens, cutJson };
  }
  return { ...draft, maxTokens };
}
