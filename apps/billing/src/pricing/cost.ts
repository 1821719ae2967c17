import type { ModelConfig, PriceConfig } from '@cofounder/config';
import { safeMicrodollars } from '../microdollars';
import { UnpricedModel } from './unpriced-model.error';

/** The token counts of one model call, as the Messages API reports them. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  /** Of cacheCreationInputTokens, those written for an hour; absent: all were written for 5 minutes. */
  cacheCreation1hInputTokens?: number;
}

const PER_MILLION = 1_000_000n;

export function priceOf(models: Record<string, ModelConfig>, model: string): PriceConfig {
  // hasOwn: a model named "constructor" must not find Object's prototype.
  if (!Object.hasOwn(models, model)) throw new UnpricedModel(model);
  return models[model].price;
}

/**
 * What one call costs in microdollars: every token kind times its price per million, summed
 * exactly in BigInt and rounded up once, so no fraction of a microdollar goes unbilled.
 */
export function costMicrodollars(usage: TokenUsage, price: PriceConfig): number {
  const oneHour = Math.min(usage.cacheCreation1hInputTokens ?? 0, usage.cacheCreationInputTokens);
  // Anthropic prices an hour-long cache write at twice the input price.
  const cacheWrite1h = BigInt(price.cacheWrite1h ?? 2 * price.input);
  const scaled = BigInt(usage.inputTokens) * BigInt(price.input)
    + BigInt(usage.outputTokens) * BigInt(price.output)
    + BigInt(usage.cacheCreationInputTokens - oneHour) * BigInt(price.cacheWrite)
    + BigInt(oneHour) * cacheWrite1h
    + BigInt(usage.cacheReadInputTokens) * BigInt(price.cacheRead);
  return safeMicrodollars((scaled + PER_MILLION - 1n) / PER_MILLION);
}
