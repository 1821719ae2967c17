import { LinePager, PageWindow, TextPage } from './line-pager';

function page(text: string | Uint8Array, window: Partial<PageWindow> = {}, chunkSize = 5) {
  const pager = new LinePager({ offset: 1, limit: 2000, maxLineChars: 2000, ...window });
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  for (let i = 0; i < bytes.length; i += chunkSize) if (!pager.write(bytes.subarray(i, i + chunkSize))) break;
  return pager.end();
}

function textPage(text: string | Uint8Array, window: Partial<PageWindow> = {}, chunkSize = 5): TextPage {
  const p = page(text, window, chunkSize);
  if (p.binary) throw new Error(`expected text, got ${p.kind}`);
  return p;
}

describe('LinePager', () => {
  it('numbers lines from 1, with or without a final newline', () => {
    expect(page('a\nb\n')).toEqual({ binary: false, totalLines: 2, lines: [
      { number: 1, text: 'a', cutChars: 0 }, { number: 2, text: 'b', cutChars: 0 }] });
    expect(textPage('a\n\nc').lines.map((l) => l.text)).toEqual(['a', '', 'c']);
    expect(textPage('').totalLines).toBe(0);
  });

  it('keeps only the window and counts every line', () => {
    const text = Array.from({ length: 50 }, (_, i) => `l${i + 1}`).join('\n');
    const p = textPage(text, { offset: 10, limit: 3 });
    expect(p.lines.map((l) => [l.number, l.text])).toEqual([[10, 'l10'], [11, 'l11'], [12, 'l12']]);
    expect(p.totalLines).toBe(50);
  });

  it('cuts a long line and says by how much, even when the line spans many chunks', () => {
    const p = textPage(`${'x'.repeat(30)}\nshort`, { maxLineChars: 10 }, 4);
    expect(p.lines[0]).toEqual({ number: 1, text: 'x'.repeat(10), cutChars: 20 });
    expect(p.lines[1]).toEqual({ number: 2, text: 'short', cutChars: 0 });
  });

  it('detects a binary file by a NUL byte in its first 8 KB and stops reading', () => {
    const binary = Buffer.concat([Buffer.from('ELF'), Buffer.from([0]), Buffer.alloc(100, 1)]);
    expect(page(binary).binary).toBe(true);
    const lateNul = Buffer.concat([Buffer.alloc(9000, 0x61), Buffer.from([0])]);
    expect(page(lateNul, {}, 4096).binary).toBe(false);
  });

  it('strips a \\r before the newline and makes control characters safe', () => {
    expect(textPage('a\r\nb\x07c\n').lines.map((l) => l.text)).toEqual(['a', 'b\uFFFDc']);
  });

  it('redacts before cutting a line, so no part of a secret is left at the cut', () => {
    const secret = 'sk-ant-api03-Zq7vLw2Xk9Pm4Rt8Yb6Nc1Hd5Gf3Js0Ka';
    for (let at = 1; at < 20; at++) {
      const [line] = textPage(`${'a'.repeat(20 - at)}${secret} tail\n`, { maxLineChars: 20 }, 3).lines;
      expect(`${'a'.repeat(20 - at)}[REDACTED] tail`.startsWith(line.text)).toBe(true);
      expect(line.text).not.toMatch(/sk-|api03/);
    }
    const named = textPage('DB_PASSWORD=hunter2-but-longer\n', { maxLineChars: 14 });
    expect(named.lines[0].text).toBe('DB_PASSWORD=[R');
  });

  it('hides the lines of a private key begun above the window, and keeps the line count', () => {
    const text = ['one', '-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSj', 'AgEAAoIBAQC7VJTUt9Us8cKjjYgcXjKRa1k2VNUv',
      '-----END PRIVATE KEY-----', 'six'].join('\n');
    const p = textPage(text, { offset: 3, limit: 3 });
    expect(p.lines.map((l) => [l.number, l.text])).toEqual([[3, '[REDACTED]'], [4, '[REDACTED]'], [5, '[REDACTED]']]);
    expect(p.totalLines).toBe(6);
    const cutShort = textPage(text, { offset: 1, limit: 3 });
    expect(cutShort.lines.map((l) => l.text)).toEqual(['one', '[REDACTED]', '[REDACTED]']);
  });

  it('counts the lines of a file far longer than the window without holding it', () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `line ${i} API_KEY=abcd${i}`).join('\n');
    const p = textPage(text, { offset: 2, limit: 1 }, 65_536);
    expect(p.lines).toEqual([{ number: 2, text: 'line 1 API_KEY=[REDACTED]', cutChars: 0 }]);
    expect(p.totalLines).toBe(100_000);
  });

  it('names what a binary file is from its first bytes', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'),
      Buffer.from([0, 0, 3, 32, 0, 0, 2, 88]), Buffer.alloc(20_000, 7)]);
    expect(page(png, {}, 1000)).toEqual({ binary: true, kind: 'PNG image, 800x600' });
    expect(page(Buffer.from('%PDF-1.7\n%\xe2\xe3\n1 0 obj', 'latin1'), {}, 4)).toEqual({ binary: true, kind: 'PDF document' });
  });
});
