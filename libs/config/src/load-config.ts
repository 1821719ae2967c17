import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { parse as parseYaml } from 'yaml';
import { CofounderConfig, ModelConfig, TierConfig } from './cofounder-config';
import { ConfigLayer, mergeConfig, originOf } from './merge-layers';

export class ConfigError extends Error {}

interface Problem {
  path: string[];
  text: string;
}

function describe(errors: ValidationError[], parent: string[] = []): Problem[] {
  return errors.flatMap((e) => {
    const path = [...parent, e.property];
    const field = path.join('.');
    const own = Object.values(e.constraints ?? {}).map((c) => ({ path, text: `${field}: ${c.replace(e.property, field)}` }));
    return [...own, ...describe(e.children ?? [], path)];
  });
}

/** The API's bounds: at least 1024 tokens to think in, and fewer than the call's max_tokens. */
const MIN_THINKING_BUDGET_TOKENS = 1024;

function thinkingBudgetProblem(name: string, tier: TierConfig, model: ModelConfig): string | undefined {
  const budget = tier.thinkingBudgetTokens ?? 0;
  const field = `tiers.${name}.thinkingBudgetTokens`;
  if (budget === 0) return undefined;
  if (budget < MIN_THINKING_BUDGET_TOKENS) return `${field}: ${budget} is under the ${MIN_THINKING_BUDGET_TOKENS} the API takes`;
  if (budget >= model.maxOutputTokens) return `${field}: ${budget} must be below ${tier.model}'s maxOutputTokens (${model.maxOutputTokens})`;
  return undefined;
}

function crossCheck(config: CofounderConfig): Problem[] {
  const problems: Problem[] = [];
  for (const [name, tier] of Object.entries(config.tiers ?? {})) {
    const model = config.models?.[tier.model];
    if (!model) {
      problems.push({ path: ['tiers', name, 'model'], text: `tiers.${name}.model: unknown model "${tier.model}"` });
      continue;
    }
    const thinking = thinkingBudgetProblem(name, tier, model);
    if (thinking) problems.push({ path: ['tiers', name, 'thinkingBudgetTokens'], text: thinking });
  }
  // A call is reserved once and may be retried for modelBusyForMs: its reservation must outlive the wait.
  if (config.limits && config.time && config.limits.modelBusyForMs >= config.time.reservationTtlMs) {
    problems.push({
      path: ['limits', 'modelBusyForMs'],
      text: `limits.modelBusyForMs: ${config.limits.modelBusyForMs} must be below time.reservationTtlMs (${config.time.reservationTtlMs})`,
    });
  }
  if (!config.tiers?.[config.defaultTier]) {
    problems.push({ path: ['defaultTier'], text: `defaultTier: unknown tier "${config.defaultTier}"` });
  }
  return problems;
}

const strict = { whitelist: true, forbidNonWhitelisted: true } as const;

function parseRecord<T extends object>(cls: new () => T, raw: unknown, field: string, problems: Problem[]): Record<string, T> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw as Record<string, T>;
  return Object.fromEntries(Object.entries(raw).map(([name, value]) => {
    const entry = plainToInstance(cls, value ?? {});
    problems.push(...describe(validateSync(entry, strict), [field, name]));
    return [name, entry];
  }));
}

/** `origin` names the file a field came from; one file, or the file that last set it when overlays merged. */
function validate(raw: unknown, origin: (path: string[]) => string): CofounderConfig {
  const problems: Problem[] = [];
  const config = plainToInstance(CofounderConfig, raw);
  problems.push(...describe(validateSync(config, strict)));
  config.models = parseRecord(ModelConfig, config.models, 'models', problems);
  config.tiers = parseRecord(TierConfig, config.tiers, 'tiers', problems);
  if (!problems.length) problems.push(...crossCheck(config));
  if (!problems.length) return config;
  const sources = problems.map((p) => origin(p.path));
  const message = sources.every((s) => s === sources[0])
    ? `${sources[0]}: ${problems.map((p) => p.text).join('; ')}`
    : problems.map((p, i) => `${sources[i]}: ${p.text}`).join('; ');
  throw new ConfigError(message);
}

export function parseConfig(raw: unknown, source: string): CofounderConfig {
  if (typeof raw !== 'object' || raw === null) throw new ConfigError(`${source}: expected a mapping at the top level`);
  return validate(raw, () => source);
}

function readLayer(file: string): ConfigLayer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'unknown error'})`, { cause: err });
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`${file}: not valid YAML (${(err as Error).message})`, { cause: err });
  }
  // An empty overlay is allowed: it changes nothing.
  if (raw === null || raw === undefined) return { file, raw: {} };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${file}: expected a mapping at the top level`);
  return { file, raw: raw as Record<string, unknown> };
}

/**
 * `files` is COFOUNDER_CONFIG: one path, or several separated by `:`, deep-merged in order
 * (docs/configuration.md). The bundled file is not implied; an overlay lists it first.
 * Validation runs on the merged result, and each bad field is reported with the file that set it.
 */
export function loadConfig(files: string | readonly string[]): CofounderConfig {
  const paths = (typeof files === 'string' ? files.split(':') : files).filter((f) => f.length > 0);
  if (!paths.length) throw new ConfigError('COFOUNDER_CONFIG names no configuration file');
  const layers = paths.map(readLayer);
  const merged = layers.reduce<Record<string, unknown>>((acc, layer) => mergeConfig(acc, layer.raw), {});
  return validate(merged, (path) => originOf(layers, path) ?? paths.join(':'));
}
