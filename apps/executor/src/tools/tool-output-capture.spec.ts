import { ToolOutputCapture } from './tool-output-capture';

const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}\n`).join('');

describe('ToolOutputCapture', () => {
  it('keeps an output under the cap whole, across chunks', () => {
    const capture = new ToolOutputCapture(1000);
    for (const piece of ['exit', ' ok\n', 'second line\n']) capture.write(Buffer.from(piece));
    expect(capture.finish()).toBe('exit ok\nsecond line\n');
  });

  it('keeps an output of exactly the cap whole', () => {
    const capture = new ToolOutputCapture(10);
    capture.write('0123456789');
    expect(capture.finish()).toBe('0123456789');
  });

  it('keeps the head and the tail and counts the lines dropped between them', () => {
    const capture = new ToolOutputCapture(60);
    const text = lines(1, 100); // "line 1\n" ... "line 100\n"
    for (let i = 0; i < text.length; i += 13) capture.write(text.slice(i, i + 13));
    const out = capture.finish();
    const [head, marker, tail] = out.split(/\n(\[\.\.\. \d+ lines omitted \.\.\.\])\n/);
    expect(head).toBe(text.slice(0, 30));
    expect(tail).toBe(text.slice(-30));
    const omitted = text.slice(30, -30);
    expect(marker).toBe(`[... ${omitted.split('\n').length - 1} lines omitted ...]`);
  });

  it('says how many characters were dropped from one endless line', () => {
    const capture = new ToolOutputCapture(10);
    capture.write('a'.repeat(25));
    expect(capture.finish()).toBe('aaaaa\n[... 15 characters omitted ...]\naaaaa');
  });

  it('holds no more than the cap while 50 MB go through it', () => {
    const cap = 30_000;
    const capture = new ToolOutputCapture(cap);
    const chunk = Buffer.from(`${'x'.repeat(1023)}\n`.repeat(64)); // 64 KB, 64 lines
    const chunks = (50 * 1024 * 1024) / chunk.length;
    let peak = 0;
    for (let i = 0; i < chunks; i++) {
      capture.write(chunk);
      peak = Math.max(peak, capture.retainedChars);
    }
    expect(peak).toBeLessThanOrEqual(cap);
    const out = capture.finish();
    expect(out.length).toBeLessThan(cap + 100);
    expect(out).toMatch(/\[\.\.\. \d+ lines omitted \.\.\.\]/);
    const omitted = Number(/\[\.\.\. (\d+) lines omitted/.exec(out)?.[1]);
    // 51,200 lines in all; about 30 KB of them (≈ 29 lines) kept.
    expect(omitted).toBeGreaterThan(51_200 - 40);
    expect(omitted).toBeLessThan(51_200);
  });

  it('makes binary output safe: invalid UTF-8 and control characters become U+FFFD', () => {
    const capture = new ToolOutputCapture(1000);
    capture.write(Buffer.from([0x6f, 0x6b, 0x00, 0xff, 0xfe, 0x07, 0x09, 0x0a]));
    expect(capture.finish()).toBe('ok\uFFFD\uFFFD\uFFFD\uFFFD\t\n');
  });

  it('joins a UTF-8 character split across chunks and turns \\r\\n into \\n', () => {
    const capture = new ToolOutputCapture(1000);
    const bytes = Buffer.from('é ok\r\nnext\r');
    capture.write(bytes.subarray(0, 1));
    capture.write(bytes.subarray(1, 10));
    capture.write(bytes.subarray(10));
    capture.write('\n');
    expect(capture.finish()).toBe('é ok\nnext\n');
  });

  it('drops terminal colour codes', () => {
    const capture = new ToolOutputCapture(100);
    capture.write('\x1b[31mred\x1b[0m plain');
    expect(capture.finish()).toBe('red plain');
  });
});
