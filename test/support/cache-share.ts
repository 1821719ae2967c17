import type { SimRequest } from './system';

/** Input tokens of a run's answered model calls as the simulator reported them, by kind. */
export interface InputTokens {
  uncached: number;
  cacheWrite: number;
  cacheRead: number;
}

export function inputTokensOf(requests: readonly SimRequest[]): InputTokens {
  const total: InputTokens = { uncached: 0, cacheWrite: 0, cacheRead: 0 };
  for (const { status, response } of requests) {
    if (status !== 200 || !response.usage) continue;
    total.uncached += response.usage.input_tokens;
    total.cacheWrite += response.usage.cache_creation_input_tokens ?? 0;
    total.cacheRead += response.usage.cache_read_input_tokens ?? 0;
  }
  return total;
}

/** Of all input tokens, the share read from the prompt cache. */
export function cacheReadShare({ uncached, cacheWrite, cacheRead }: InputTokens): number {
  return cacheRead / (uncached + cacheWrite + cacheRead);
}
