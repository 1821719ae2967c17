import { effectiveWindow, learnWindow } from './context-window';

describe('the context window a run plans against', () => {
  it('is the configured window until the model states a smaller one', () => {
    expect(effectiveWindow(200_000, null, 'sonnet')).toBe(200_000);
    expect(effectiveWindow(200_000, { model: 'sonnet', tokens: 30_000 }, 'sonnet')).toBe(30_000);
    expect(effectiveWindow(20_000, { model: 'sonnet', tokens: 30_000 }, 'sonnet')).toBe(20_000);
  });

  it('forgets what another model said: a run upgraded to a new model plans by its configuration', () => {
    expect(effectiveWindow(1_000_000, { model: 'sonnet', tokens: 30_000 }, 'opus')).toBe(1_000_000);
  });

  it('learns only a window smaller than the one already planned against', () => {
    expect(learnWindow(200_000, null, 'sonnet', 30_000)).toEqual({ model: 'sonnet', tokens: 30_000 });
    expect(learnWindow(200_000, { model: 'sonnet', tokens: 30_000 }, 'sonnet', 40_000)).toBeNull();
    expect(learnWindow(200_000, { model: 'sonnet', tokens: 30_000 }, 'sonnet', 25_000)).toEqual({ model: 'sonnet', tokens: 25_000 });
    expect(learnWindow(200_000, { model: 'sonnet', tokens: 30_000 }, 'opus', 90_000)).toEqual({ model: 'opus', tokens: 90_000 });
    expect(learnWindow(200_000, null, 'sonnet', null)).toBeNull();
    expect(learnWindow(200_000, null, 'sonnet', 250_000)).toBeNull();
  });
});
