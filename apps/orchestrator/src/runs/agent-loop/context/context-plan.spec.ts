import { planContext } from './context-plan';
import { fakeHistory, fakeTurn } from './history.fixtures';
import { estimateContext } from './token-estimate';

const big = { output: `exit code: 0\nstdout:\n${'x'.repeat(3000)}` };

describe('planContext', () => {
  const history = fakeHistory('Build the app.', 20, [big]);
  const size = estimateContext(history, { window: 1 });

  it('sends the history as it is while it is small', () => {
    const plan = planContext(history, { window: size * 4, clearedThrough: 0 });
    expect(plan).toEqual({ messages: history, clearedThrough: 0, estimate: size, compact: false });
  });

  it('clears rather than compacts when clearing is enough', () => {
    const plan = planContext(history, { window: Math.ceil(size / 0.8), clearedThrough: 0 });
    expect(plan.compact).toBe(false);
    expect(plan.clearedThrough).toBeGreaterThan(0);
    expect(plan.estimate).toBe(estimateContext(plan.messages, { window: 1 }));
  });

  it('applies the watermark it is given', () => {
    const plan = planContext(history, { window: size * 4, clearedThrough: 5 });
    expect(plan.clearedThrough).toBe(5);
    expect(plan.messages.slice(5)).toEqual(history.slice(5));
    expect(plan.messages.slice(0, 5)).not.toEqual(history.slice(0, 5));
  });

  it('asks for compaction when the turns clearing may not touch fill compactAt of the window', () => {
    const recentBig = [...fakeHistory('Go.', 5), ...fakeTurn(6, [big]), ...fakeTurn(7, [big]), ...fakeTurn(8, [big])];
    const window = Math.floor(estimateContext(recentBig.slice(-6), { window: 1 }) / 0.7);
    const plan = planContext(recentBig, { window, clearedThrough: 0, ratio: 1, keepRecent: 0.7 });
    expect(plan.compact).toBe(true);
    expect(plan.clearedThrough).toBe(recentBig.length - 6);
    expect(planContext(recentBig, { window, clearedThrough: 0, compactAt: 0.95, keepRecent: 0.7 }).compact).toBe(false);
  });

  it('counts the calibration, the system prompt and the tools', () => {
    const budget = { window: size * 2, clearedThrough: 0, keepRecent: 1 }; // 50%, nothing clearable
    expect(planContext(history, budget).compact).toBe(false);
    expect(planContext(history, { ...budget, ratio: 1.6 }).compact).toBe(true);
    expect(planContext(history, { ...budget, system: 's'.repeat(size * 4 * 0.6) }).compact).toBe(true);
    expect(planContext(history, { ...budget, tools: [{ description: 'd'.repeat(size * 4 * 0.6) }] }).compact).toBe(true);
  });
});
