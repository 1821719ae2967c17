import type { PriceConfig } from '@cofounder/config';

/** Characters per token, the usual rough ratio for English and code. */
const CHARS_PER_TOKEN = 4;

/** Worst case of one model call: the input as it stands plus the whole output allowance. */
export function estimateTurnCostMicrodollars(promptChars: number, maxOutputTokens: number, price: PriceConfig): number {
  const inputTokens = BigInt(Math.ceil(promptChars / CHARS_PER_TOKEN));
  const cost = inputTokens * BigInt(price.input) + BigInt(maxOutputTokens) * BigInt(price.output);
  return Number((cost + 999_999n) / 1_000_000n);
}
