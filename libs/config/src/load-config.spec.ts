import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, parseConfig } from './load-config';

const bundled = path.resolve(__dirname, '../../../config/cofounder.yaml');

describe('loadConfig', () => {
  it('accepts the bundled configuration', () => {
    const config = loadConfig(bundled);
    expect(config.tiers[config.defaultTier].model).toBe('cofounder-sim');
    expect(config.models['claude-sonnet-4-5'].price.output).toBe(15_000_000);
  });

  it('prices every model the bundled tiers use, and keeps the older ones', () => {
    const config = loadConfig(bundled);
    for (const name of ['claude-opus-4-1', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-5', 'claude-opus-5-5']) {
      expect(config.models[name]).toBeDefined();
    }
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

  it('takes a tier\'s thinking budget from 1024 up to below its model\'s output limit, or 0 for none', () => {
    const raw = structuredClone(loadConfig(bundled));
    const withBudget = (tokens: number) => {
      raw.tiers.dev.thinkingBudgetTokens = tokens;
      return () => parseConfig(structuredClone(raw), 'x.yaml');
    };
    expect(withBudget(2048)().tiers.dev.thinkingBudgetTokens).toBe(2048);
    expect(withBudget(0)().tiers.dev.thinkingBudgetTokens).toBe(0);
    expect(withBudget(1000)).toThrow('tiers.dev.thinkingBudgetTokens: 1000 is under the 1024 the API takes');
    expect(withBudget(8192)).toThrow('tiers.dev.thinkingBudgetTokens: 8192 must be below cofounder-sim\'s maxOutputTokens (8192)');
  });

  it('refuses a busy time for the model that would outlast the call\'s reservation', () => {
    const raw = structuredClone(loadConfig(bundled));
    raw.limits.modelBusyForMs = raw.time.reservationTtlMs;
    expect(() => parseConfig(raw, 'x.yaml')).toThrow(`limits.modelBusyForMs: ${raw.time.reservationTtlMs} must be below time.reservationTtlMs`);
  });

  it('refuses an unknown field rather than ignoring a typo', () => {
    const raw = { ...structuredClone(loadConfig(bundled)), defaultTeir: 'dev' };
    expect(() => parseConfig(raw, 'x.yaml')).toThrow(ConfigError);
  });

  it('says when the file cannot be read', () => {
    expect(() => loadConfig('/nonexistent/cofounder.yaml')).toThrow('/nonexistent/cofounder.yaml: cannot be read (ENOENT)');
  });
});

describe('loadConfig with overlays', () => {
  let dir: string;
  const overlay = (name: string, yaml: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, yaml);
    return file;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cofounder-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the new fields their defaults when a file leaves them out', () => {
    const old = overlay('old.yaml', 'time: { dayMs: 86400000, heartbeatMs: 15000, toolProgressMs: 5000, leaseMs: 30000 }\n');
    const config = loadConfig(`${bundled}:${old}`);
    expect(config.periodDays).toBe(30);
    expect(config.time.reservationTtlMs).toBe(900_000);
    expect(config.time.batchWindowMs).toBe(2_000);
    expect(config.time.schedulerTickMs).toBe(250);
  });

  it('merges overlays in order, later over earlier', () => {
    const first = overlay('first.yaml', 'time: { dayMs: 5000 }\nperiodDays: 3\n');
    const second = overlay('second.yaml', 'time: { dayMs: 2000 }\nsandbox: { snapshotExclude: [dist] }\n');
    const config = loadConfig(`${bundled}:${first}:${second}`);
    expect(config.time.dayMs).toBe(2_000);
    expect(config.time.leaseMs).toBe(30_000);
    expect(config.periodDays).toBe(3);
    expect(config.sandbox.snapshotExclude).toEqual(['dist']);
    expect(config.tiers.builder.model).toBe('claude-sonnet-4-5');
  });

  it('accepts an empty overlay and an overlay with an empty section', () => {
    const empty = overlay('empty.yaml', '');
    const emptySection = overlay('section.yaml', 'time:\n');
    expect(loadConfig(`${bundled}:${empty}:${emptySection}`).time.dayMs).toBe(86_400_000);
  });

  it('names the overlay that cannot be read', () => {
    expect(() => loadConfig(`${bundled}:${dir}/missing.yaml`)).toThrow(`${dir}/missing.yaml: cannot be read (ENOENT)`);
  });

  it('names the overlay and the field of a bad value', () => {
    const bad = overlay('bad.yaml', 'periodDays: 0\n');
    expect(() => loadConfig(`${bundled}:${bad}`)).toThrow(new RegExp(`^${bad}: periodDays: periodDays must not be less than 1$`));
  });

  it('validates the merged result: a tier added by an overlay must be complete and priced', () => {
    const partial = overlay('tier.yaml', 'tiers: { pro: { model: claude-opus-5-5 } }\n');
    expect(() => loadConfig(`${bundled}:${partial}`)).toThrow(`${partial}: tiers.pro.monthlyBudgetMicrodollars`);
    const unpriced = overlay('unpriced.yaml', 'tiers: { builder: { model: gpt-nothing } }\n');
    expect(() => loadConfig(`${bundled}:${unpriced}`)).toThrow(`${unpriced}: tiers.builder.model: unknown model "gpt-nothing"`);
  });

  it('says which file each bad field came from', () => {
    const a = overlay('a.yaml', 'time: { dayMs: soon }\n');
    const b = overlay('b.yaml', 'limits: { maxDeliver: 0 }\n');
    const message = (() => { try { loadConfig([bundled, a, b]); return ''; } catch (err) { return (err as Error).message; } })();
    expect(message).toContain(`${a}: time.dayMs`);
    expect(message).toContain(`${b}: limits.maxDeliver`);
  });

  it('refuses an overlay that is not a mapping, naming it', () => {
    const list = overlay('list.yaml', '- a\n- b\n');
    expect(() => loadConfig(`${bundled}:${list}`)).toThrow(`${list}: expected a mapping at the top level`);
  });

  it('refuses a COFOUNDER_CONFIG that names no file', () => {
    expect(() => loadConfig('')).toThrow('COFOUNDER_CONFIG names no configuration file');
  });
});
