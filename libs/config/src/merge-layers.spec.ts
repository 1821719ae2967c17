import { mergeConfig, originOf } from './merge-layers';

describe('mergeConfig', () => {
  it('merges nested maps key by key', () => {
    const merged = mergeConfig(
      { time: { dayMs: 86_400_000, leaseMs: 30_000 }, tiers: { dev: { model: 'a', toolCallCap: 150 } } },
      { time: { dayMs: 5_000 }, tiers: { dev: { toolCallCap: 3 }, pro: { model: 'b' } } },
    );
    expect(merged).toEqual({
      time: { dayMs: 5_000, leaseMs: 30_000 },
      tiers: { dev: { model: 'a', toolCallCap: 3 }, pro: { model: 'b' } },
    });
  });

  it('replaces lists instead of appending to them', () => {
    const merged = mergeConfig({ sandbox: { snapshotExclude: ['node_modules', '.venv'] } }, { sandbox: { snapshotExclude: ['dist'] } });
    expect(merged).toEqual({ sandbox: { snapshotExclude: ['dist'] } });
  });

  it('replaces scalars, and a map replaces a scalar', () => {
    expect(mergeConfig({ defaultTier: 'dev', demoGoal: 'x' }, { defaultTier: 'builder', demoGoal: { a: 1 } }))
      .toEqual({ defaultTier: 'builder', demoGoal: { a: 1 } });
  });

  it('keeps a section an overlay leaves null or out', () => {
    const base = { time: { dayMs: 1 }, limits: { maxDeliver: 5 } };
    expect(mergeConfig(base, { time: null })).toEqual(base);
    expect(mergeConfig(base, {})).toEqual(base);
  });

  it('leaves both inputs as they were', () => {
    const base = { time: { dayMs: 1 } };
    mergeConfig(base, { time: { dayMs: 2 } });
    expect(base).toEqual({ time: { dayMs: 1 } });
  });
});

describe('originOf', () => {
  const layers = [
    { file: 'bundled.yaml', raw: { time: { dayMs: 1, leaseMs: 2 }, tiers: { dev: { model: 'a' } } } },
    { file: 'overlay.yaml', raw: { time: { dayMs: 'soon' }, tiers: { pro: { model: 'b' } } } },
  ];

  it('names the last file that set the field', () => {
    expect(originOf(layers, ['time', 'dayMs'])).toBe('overlay.yaml');
    expect(originOf(layers, ['time', 'leaseMs'])).toBe('bundled.yaml');
  });

  it('names the file that introduced the section of a field nobody set', () => {
    expect(originOf(layers, ['tiers', 'pro', 'toolCallCap'])).toBe('overlay.yaml');
    expect(originOf(layers, ['periodDays'])).toBeUndefined();
  });
});
