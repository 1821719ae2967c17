import { calibrate, calibratedEstimate, estimateTokens, MAX_CALIBRATION, MIN_CALIBRATION } from './token-estimate';

describe('estimateTokens', () => {
  it('follows the simulator: ceil of the JSON characters of system, messages and tools over 4', () => {
    const system = 'You are a careful engineer.';
    const messages = [{ role: 'user', content: 'Fix the failing test ✓' }];
    const tools = [{ name: 'bash', input_schema: { type: 'object' } }];
    expect(estimateTokens({ system, messages, tools })).toBe(Math.ceil(JSON.stringify({ system, messages, tools }).length / 4));
  });

  it('leaves out an absent system or tools, as JSON.stringify does', () => {
    expect(estimateTokens({ messages: [] })).toBe(Math.ceil('{"messages":[]}'.length / 4));
  });
});

describe('calibrate', () => {
  it('adopts a higher reported count at once', () => {
    expect(calibrate(1000, 1500)).toBe(1.5);
    expect(calibratedEstimate(1000, calibrate(1000, 1500))).toBe(1500);
  });

  it('lowers the ratio gradually when the model reports fewer tokens', () => {
    const r = calibrate(1000, 800, 1.5);
    expect(r).toBeLessThan(1.5);
    expect(r).toBeGreaterThan(0.8);
    let ratio = 1.5;
    for (let i = 0; i < 30; i++) ratio = calibrate(1000, 800, ratio);
    expect(ratio).toBeCloseTo(0.8, 3);
  });

  it('stays at 1 when the estimate was exact', () => {
    expect(calibrate(1234, 1234)).toBe(1);
  });

  it('clamps what one odd report can do', () => {
    expect(calibrate(100, 100_000)).toBe(MAX_CALIBRATION);
    let ratio = 1;
    for (let i = 0; i < 50; i++) ratio = calibrate(100_000, 1, ratio);
    expect(ratio).toBeCloseTo(MIN_CALIBRATION, 6);
  });

  it('ignores a report it cannot learn from', () => {
    expect(calibrate(0, 500, 1.2)).toBe(1.2);
    expect(calibrate(500, 0, 1.2)).toBe(1.2);
    expect(calibrate(Number.NaN, 500, 1.2)).toBe(1.2);
  });
});
