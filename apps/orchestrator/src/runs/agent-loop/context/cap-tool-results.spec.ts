import { capToolResults, RESULT_SHARE } from './cap-tool-results';
import { fakeTurn } from './history.fixtures';
import { HistoryMessage, textOf, toolResultsOf } from './history';
import { estimateTokens } from './token-estimate';

const WINDOW = 30_000;
const bash = (stdout: string, stderr = '') => `exit code: 0\nstdout:\n${stdout}\nstderr:\n${stderr}`;
const resultTexts = (history: HistoryMessage[]) => history.flatMap(toolResultsOf).map((r) => textOf(r.content));
const tokensOf = (text: string) => estimateTokens({ messages: [text] });

describe('capToolResults', () => {
  it('leaves results within their share of the window as they are', () => {
    const history = fakeTurn(1, [{ output: bash('x'.repeat(20_000)) }]);
    expect(capToolResults(history, 200_000)).toEqual(history);
  });

  it('cuts a result over its share, keeping the head and tail of stdout and all of a short stderr', () => {
    const stdout = `first line\n${'y'.repeat(60_000)}\nlast line`;
    const [text] = resultTexts(capToolResults(fakeTurn(1, [{ output: bash(stdout, 'warning: deprecated') }]), WINDOW));
    expect(tokensOf(text)).toBeLessThanOrEqual(RESULT_SHARE * WINDOW);
    expect(text).toMatch(/^exit code: 0\nstdout:\nfirst line/);
    expect(text).toContain('last line\nstderr:\nwarning: deprecated');
    expect(text).toMatch(/chars cut/);
  });

  it('cuts each stream on its own when both are long', () => {
    const [text] = resultTexts(capToolResults(fakeTurn(1, [{ output: bash(`out-head${'o'.repeat(40_000)}out-tail`, `err-head${'e'.repeat(40_000)}err-tail`) }]), WINDOW));
    for (const part of ['out-head', 'out-tail', 'err-head', 'err-tail']) expect(text).toContain(part);
    expect(tokensOf(text)).toBeLessThanOrEqual(RESULT_SHARE * WINDOW);
  });

  it('shares a smaller room between the results of one turn, so the newest turn fits the verbatim budget', () => {
    const calls = Array.from({ length: 6 }, () => ({ output: bash('z'.repeat(29_000)) }));
    const texts = resultTexts(capToolResults(fakeTurn(1, calls), WINDOW));
    expect(texts.reduce((sum, t) => sum + tokensOf(t), 0)).toBeLessThanOrEqual(0.25 * WINDOW);
  });

  it('leaves the messages before `from` to the watermark that clears them', () => {
    const history = [...fakeTurn(1, [{ output: bash('a'.repeat(60_000)) }]), ...fakeTurn(2, [{ output: bash('b'.repeat(60_000)) }])];
    const capped = capToolResults(history, WINDOW, 2);
    expect(capped.slice(0, 2)).toEqual(history.slice(0, 2));
    expect(tokensOf(resultTexts(capped.slice(2))[0])).toBeLessThanOrEqual(RESULT_SHARE * WINDOW);
  });

  it('cuts a result of any other tool in the middle', () => {
    const [text] = resultTexts(capToolResults(fakeTurn(1, [{ tool: 'read', output: `     1\tstart\n${'r'.repeat(50_000)}end` }]), WINDOW));
    expect(text.startsWith('     1\tstart')).toBe(true);
    expect(text.endsWith('end')).toBe(true);
    expect(tokensOf(text)).toBeLessThanOrEqual(RESULT_SHARE * WINDOW);
  });
});
