import { Injectable } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { CacheTtl, PromptPrefixes, settleCache, TTL_MS } from './prompt-cache';

/** The input side of a reply's usage, split as the API splits it. */
export interface PromptUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

/** A prompt nothing was cached for: every token is plain input. */
export function uncachedPrompt(inputTokens: number): PromptUsage {
  return {
    input_tokens: inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
  };
}

interface Entry {
  expiresAt: number;
  ttl: CacheTtl;
}

// As RunCursors: the simulator lives for a test session or a demo; the oldest caches are forgotten past this.
const MAX_CACHES = 10_000;

/**
 * Each run's prompt cache, in memory, keyed by the call's `metadata.user_id` (a run's
 * compaction calls, `<runId>:compact`, have their own), entries living by the simulator's clock.
 */
@Injectable()
export class PromptCacheStore {
  private readonly caches = new Map<string, Map<string, Entry>>();

  constructor(private readonly clock: Clock) {}

  /** Reads and writes the cache for an answered call; `inputTokens` is the whole prompt's count. */
  settle(cacheId: string, prompt: PromptPrefixes, inputTokens: number): PromptUsage {
    const now = this.clock.now().getTime();
    const cache = this.cacheOf(cacheId);
    const outcome = settleCache(prompt, (key) => (cache.get(key)?.expiresAt ?? 0) > now);
    const keep = (key: string, ttl: CacheTtl) => {
      const expiresAt = Math.max(cache.get(key)?.expiresAt ?? 0, now + TTL_MS[ttl]);
      cache.set(key, { expiresAt, ttl });
    };
    const read = outcome.readKey === null ? undefined : cache.get(outcome.readKey);
    if (outcome.readKey !== null && read) keep(outcome.readKey, read.ttl);
    for (const write of outcome.writes) keep(write.key, write.ttl);
    for (const [key, entry] of cache) if (entry.expiresAt <= now) cache.delete(key);
    const created = outcome.created['5m'] + outcome.created['1h'];
    return {
      input_tokens: Math.max(0, inputTokens - outcome.readTokens - created),
      cache_creation_input_tokens: created,
      cache_read_input_tokens: outcome.readTokens,
      cache_creation: { ephemeral_5m_input_tokens: outcome.created['5m'], ephemeral_1h_input_tokens: outcome.created['1h'] },
    };
  }

  private cacheOf(cacheId: string): Map<string, Entry> {
    const cache = this.caches.get(cacheId) ?? new Map<string, Entry>();
    this.caches.delete(cacheId);
    this.caches.set(cacheId, cache);
    if (this.caches.size > MAX_CACHES) this.caches.delete(this.caches.keys().next().value as string);
    return cache;
  }
}
