import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { parse as parseYaml } from 'yaml';
import { CofounderConfig, ModelConfig, TierConfig } from './cofounder-config';

export class ConfigError extends Error {}

function describe(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((c) => `${field}: ${c.replace(e.property, field)}`);
    return [...own, ...describe(e.children ?? [], field)];
  });
}

function crossCheck(config: CofounderConfig): string[] {
  const problems: string[] = [];
  for (const [name, tier] of Object.entries(config.tiers ?? {})) {
    if (!config.models?.[tier.model]) problems.push(`tiers.${name}.model: unknown model "${tier.model}"`);
  }
  if (!config.tiers?.[config.defaultTier]) problems.push(`defaultTier: unknown tier "${config.defaultTier}"`);
  return problems;
}

const strict = { whitelist: true, forbidNonWhitelisted: true } as const;

function parseRecord<T extends object>(cls: new () => T, raw: unknown, field: string, problems: string[]): Record<string, T> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw as Record<string, T>;
  return Object.fromEntries(Object.entries(raw).map(([name, value]) => {
    const entry = plainToInstance(cls, value ?? {});
    problems.push(...describe(validateSync(entry, strict), `${field}.${name}`));
    return [name, entry];
  }));
}

export function parseConfig(raw: unknown, source: string): CofounderConfig {
  if (typeof raw !== 'object' || raw === null) throw new ConfigError(`${source}: expected a mapping at the top level`);
  const problems: string[] = [];
  const config = plainToInstance(CofounderConfig, raw);
  problems.push(...describe(validateSync(config, strict)));
  config.models = parseRecord(ModelConfig, config.models, 'models', problems);
  config.tiers = parseRecord(TierConfig, config.tiers, 'tiers', problems);
  if (!problems.length) problems.push(...crossCheck(config));
  if (problems.length) throw new ConfigError(`${source}: ${problems.join('; ')}`);
  return config;
}

export function loadConfig(file: string): CofounderConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'unknown error'})`, { cause: err });
  }
  return parseConfig(parseYaml(text), file);
}
