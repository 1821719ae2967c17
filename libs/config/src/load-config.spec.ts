import path from 'node:path';
import { ConfigError, loadConfig, parseConfig } from './load-config';

const bundled = path.resolve(__dirname, '../../../config/cofounder.yaml');

describe('loadConfig', () => {
  it('accepts the bundled configuration', () => {
    const config = loadConfig(bundled);
    expect(config.tiers[config.defaultTier].model).toBe('cofounder-sim');
    expect(config.models['claude-sonnet-4-5'].price.output).toBe(15_000_000);
  });

  it('names the field that is wrong', () => {
    const raw = structuredClone(loadConfig(bundled)) as unknown as { time: { dayMs: unknown } };
    raw.time.dayMs = 'tomorrow';
    expect(() => parseConfig(raw, 'x.yaml')).toThrow(/x\.yaml: time\.dayMs/);
  });

  it('refuses a tier whose model is not priced', () => {
    const raw = structuredClone(loadConfig(bundled));
    raw.tiers.dev.model = 'gpt-nothing';
    expect(() => parseConfig(raw, 'x.yaml')).toThrow('tiers.dev.model: unknown model "gpt-nothing"');
  });

  it('refuses an unknown field rather than ignoring a typo', () => {
    const raw = { ...structuredClone(loadConfig(bundled)), defaultTeir: 'dev' };
    expect(() => parseConfig(raw, 'x.yaml')).toThrow(ConfigError);
  });

  it('says when the file cannot be read', () => {
    expect(() => loadConfig('/nonexistent/cofounder.yaml')).toThrow('/nonexistent/cofounder.yaml: cannot be read (ENOENT)');
  });
});
