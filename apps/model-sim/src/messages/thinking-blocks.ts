import type { RedactedThinkingBlock, ThinkingBlock } from '@anthropic-ai/sdk/resources/messages';
import { createHmac } from 'node:crypto';
import { ContentBlockSpec } from '../scenarios/scenario';

export type SentThinking = ThinkingBlock | RedactedThinkingBlock;

// Not a secret worth keeping: it only lets the simulator sign what it says, as the API does, so a
// block sent back altered no longer matches. Fixed, so a restarted simulator signs alike.
const SIM_SIGNING_KEY = 'model-sim thinking signature';

export function signThinking(thinking: string): string {
  return createHmac('sha256', SIM_SIGNING_KEY).update(thinking).digest('base64');
}

export function isThinkingSpec(spec: ContentBlockSpec): boolean {
  return spec.type === 'thinking' || spec.type === 'redacted_thinking';
}

export function isThinkingBlock(block: { type: string }): block is SentThinking {
  return block.type === 'thinking' || block.type === 'redacted_thinking';
}

/** A scenario's thinking block as the API sends it; signed here when the step gives no signature. */
export function toThinkingBlock(spec: ContentBlockSpec): SentThinking {
  if (spec.type === 'redacted_thinking') return { type: 'redacted_thinking', data: spec.data ?? '' };
  const thinking = spec.thinking ?? '';
  return { type: 'thinking', thinking, signature: spec.signature ?? signThinking(thinking) };
}

/** With thinking off the API writes no thinking blocks, so a scenario's are left out of the reply. */
export function withoutThinking(content: readonly ContentBlockSpec[]): ContentBlockSpec[] {
  return content.filter((spec) => !isThinkingSpec(spec));
}

/** The API compares what comes back field by field: the text, the signature, the redacted payload. */
export function sameThinking(sent: SentThinking, given: Record<string, unknown>): boolean {
  if (given.type !== sent.type) return false;
  if (sent.type === 'redacted_thinking') return given.data === sent.data;
  return given.thinking === sent.thinking && given.signature === sent.signature;
}
