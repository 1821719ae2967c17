import { detectRepetition, ToolCallKey } from './repetition';

const call = (inputHash: string, tool = 'bash', observationHash = 'same'): ToolCallKey => ({ tool, inputHash, observationHash });
const others = (n: number) => Array.from({ length: n }, (_, i) => call(`other-${i}`));

describe('detectRepetition', () => {
  it('is false for a first and a second identical call', () => {
    expect(detectRepetition([], call('x'))).toBe(false);
    expect(detectRepetition([call('x')], call('x'))).toBe(false);
  });

  it('is true on the third identical call, counting the next one', () => {
    expect(detectRepetition([call('x'), call('y'), call('x')], call('x'))).toBe(true);
  });

  it('is true when the first of three is exactly ten calls back, the next included', () => {
    expect(detectRepetition([call('x'), ...others(4), call('x'), ...others(3)], call('x'))).toBe(true);
  });

  it('forgets calls older than the window', () => {
    expect(detectRepetition([call('x'), ...others(5), call('x'), ...others(3)], call('x'))).toBe(false);
  });

  it('needs the same tool as well as the same input hash', () => {
    expect(detectRepetition([call('x', 'read'), call('x', 'read')], call('x', 'bash'))).toBe(false);
  });

  it('does not count a call repeated with a new result each time', () => {
    expect(detectRepetition([call('x', 'bash', 'r1'), call('x', 'bash', 'r2')], call('x', 'bash', 'r3'))).toBe(false);
  });
});
