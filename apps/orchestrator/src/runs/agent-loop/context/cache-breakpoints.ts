import type { CacheControlEphemeral, MessageParam, TextBlockParam } from '@anthropic-ai/sdk/resources/messages';

export type CacheTtl = '5m' | '1h';

/** Blocks that may not carry cache_control: a breakpoint moves back to the block before them. */
const UNMARKABLE = new Set(['thinking', 'redacted_thinking']);
const ONE_HOUR_MS = 3_600_000;

/**
 * The TTL a turn asks for, from the gap since the run's previous model call (the next gap is
 * likely the same). On the API a 5-minute write costs 1.25× the input price, a 1-hour write 2×,
 * a read 0.1×. While calls come within 5 minutes, 5-minute entries are refreshed by every read
 * for free, so the cheaper write wins. When calls are further apart (long tools, a founder's
 * pause) a 5-minute entry is gone by the next call and the whole history is written again at
 * 1.25×: one 1-hour write (2×) followed by a read (0.1×) costs 2.1× against 2.5× for two
 * 5-minute writes, and each further call widens the gap. Past an hour neither survives, so the
 * cheaper write is asked for again.
 */
export function cacheTtlFor(lastCallAt: Date | undefined, now: Date, longTtlAfterGapMs: number): CacheTtl {
  if (!lastCallAt) return '5m';
  const gapMs = now.getTime() - lastCallAt.getTime();
  return gapMs > longTtlAfterGapMs && gapMs < ONE_HOUR_MS ? '1h' : '5m';
}

function control(ttl: CacheTtl): CacheControlEphemeral {
  return ttl === '1h' ? { type: 'ephemeral', ttl: '1h' } : { type: 'ephemeral' };
}

/** A copy of the message with its last markable block marked; the stored history is never touched. */
function marked(message: MessageParam, ttl: CacheTtl): MessageParam {
  const blocks = typeof message.content === 'string' ? [{ type: 'text' as const, text: message.content }] : message.content;
  const at = blocks.findLastIndex((b) => !UNMARKABLE.has(b.type));
  if (at < 0) return message;
  const content = blocks.map((b, i) => (i === at ? { ...b, cache_control: control(ttl) } : b));
  return { ...message, content } as MessageParam;
}

/**
 * Marks a turn's request for caching, within the API's 4 breakpoints: the system prompt (which
 * caches the tools before it too), the newest message, and the last message of the previous
 * request (the message before the newest reply), so however many blocks the last turn added,
 * the new breakpoint finds last turn's prefix within the API's 20-block look-back.
 */
export function withCacheBreakpoints(
  system: string, messages: readonly MessageParam[], ttl: CacheTtl,
): { system: TextBlockParam[]; messages: MessageParam[] } {
  const out = [...messages];
  const newest = out.length - 1;
  const lastReply = out.findLastIndex((m) => m.role === 'assistant');
  const previous = lastReply - 1;
  if (previous >= 0 && previous < newest) out[previous] = marked(out[previous], ttl);
  if (newest >= 0) out[newest] = marked(out[newest], ttl);
  return { system: [{ type: 'text', text: system, cache_control: control(ttl) }], messages: out };
}
