import { createHash } from 'node:crypto';
import { invalidRequest } from './api-error';
import { MessageRequest } from './message-request';

export const MAX_BREAKPOINTS = 4;
/** A breakpoint reads a prefix ending at its own block or at one of this many blocks before it. */
export const LOOK_BACK_BLOCKS = 20;
/** Shorter prefixes are neither written nor read, as on the API's larger models. */
export const MIN_CACHED_TOKENS = 1024;
export const TTL_MS = { '5m': 300_000, '1h': 3_600_000 } as const;
export type CacheTtl = keyof typeof TTL_MS;

export interface Breakpoint {
  /** The block the cached prefix ends at, in prompt order (tools, system, the messages' blocks). */
  readonly index: number;
  readonly ttl: CacheTtl;
}

/** A request's prompt as the cache sees it: each prefix's identity and size, and where the request asks for caching. */
export interface PromptPrefixes {
  /** keys[i] names the prefix ending at block i: equal keys, byte-for-byte equal prefixes. */
  readonly keys: readonly string[];
  /** tokens[i]: the prefix ending at block i, its blocks as JSON in characters over 4, rounded up. */
  readonly tokens: readonly number[];
  readonly breakpoints: readonly Breakpoint[];
}

/** What the cache did for one request, in tokens. */
export interface CacheOutcome {
  readTokens: number;
  /** The prefix read, so its lifetime is refreshed, as a hit does on the API. */
  readKey: string | null;
  created: Record<CacheTtl, number>;
  /** The breakpoints' prefixes, written (or refreshed) for their TTL. */
  writes: { key: string; ttl: CacheTtl }[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function blocksOf(content: unknown): unknown[] {
  return Array.isArray(content) ? content : content === undefined ? [] : [content];
}

/** The API's order: tools, then system, then each message's content blocks. */
export function promptBlocks(request: Pick<MessageRequest, 'tools' | 'system' | 'messages'>): unknown[] {
  return [...(request.tools ?? []), ...blocksOf(request.system), ...request.messages.flatMap((m) => blocksOf(m.content))];
}

function breakpointOf(block: unknown, index: number): Breakpoint | null {
  const control = isObject(block) ? block.cache_control : undefined;
  if (!isObject(control)) return null;
  return { index, ttl: control.ttl === '1h' ? '1h' : '5m' };
}

// Where a block's cache_control sits says where to cache, not what is cached: moving a marker keeps the prefix.
function withoutMarker(block: unknown): string {
  if (!isObject(block) || !('cache_control' in block)) return JSON.stringify(block);
  const { cache_control: _marker, ...rest } = block;
  return JSON.stringify(rest);
}

/** Refuses what the API refuses: more than 4 breakpoints, or a 1-hour one after a 5-minute one. */
export function promptPrefixes(request: Pick<MessageRequest, 'tools' | 'system' | 'messages'>): PromptPrefixes {
  const blocks = promptBlocks(request);
  const breakpoints = blocks.flatMap((b, i) => breakpointOf(b, i) ?? []);
  if (breakpoints.length > MAX_BREAKPOINTS) {
    throw invalidRequest(`A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints.length}.`);
  }
  const firstShort = breakpoints.findIndex((b) => b.ttl === '5m');
  if (firstShort >= 0 && breakpoints.slice(firstShort).some((b) => b.ttl === '1h')) {
    throw invalidRequest('A cache_control block with ttl "1h" must not come after one with ttl "5m".');
  }
  const keys: string[] = [];
  const tokens: number[] = [];
  let chars = 0;
  let key = '';
  for (const block of blocks) {
    const json = withoutMarker(block);
    chars += json.length;
    key = createHash('sha256').update(key).update(json).digest('hex');
    keys.push(key);
    tokens.push(Math.ceil(chars / 4));
  }
  return { keys, tokens, breakpoints };
}

/** The longest cached prefix a breakpoint can read: ending at its block or one of the 20 before it. */
function readAt(prompt: PromptPrefixes, at: number, isCached: (key: string) => boolean): number | null {
  for (let i = at; i >= Math.max(0, at - LOOK_BACK_BLOCKS); i--) {
    if (prompt.tokens[i] < MIN_CACHED_TOKENS) return null;
    if (isCached(prompt.keys[i])) return i;
  }
  return null;
}

/**
 * Reads at the request's own breakpoints only; what lies between the prefix read and the last
 * breakpoint is written, each stretch counted under the TTL of the breakpoint that ends it.
 */
export function settleCache(prompt: PromptPrefixes, isCached: (key: string) => boolean): CacheOutcome {
  const hits = prompt.breakpoints.flatMap((b) => readAt(prompt, b.index, isCached) ?? []);
  const read = hits.length > 0 ? Math.max(...hits) : null;
  const readTokens = read === null ? 0 : prompt.tokens[read];
  const created: Record<CacheTtl, number> = { '5m': 0, '1h': 0 };
  const writes = prompt.breakpoints.filter((b) => prompt.tokens[b.index] >= MIN_CACHED_TOKENS);
  let covered = readTokens;
  for (const b of writes) {
    const end = prompt.tokens[b.index];
    if (end > covered) created[b.ttl] += end - covered;
    covered = Math.max(covered, end);
  }
  return {
    readTokens,
    readKey: read === null ? null : prompt.keys[read],
    created,
    writes: writes.map((b) => ({ key: prompt.keys[b.index], ttl: b.ttl })),
  };
}
