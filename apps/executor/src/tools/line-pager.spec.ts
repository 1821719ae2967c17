import { LinePager, PageWindow } from './line-pager';

function page(text: string | Uint8Array, window: Partial<PageWindow> = {}, chunkSize = 5) {
  const pager = new LinePager({ offset: 1, limit: 2000, maxLineChars: 2000, ...window });
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  for (let i = 0; i < bytes.length; i += chunkSize) if (!pager.write(bytes.subarray(i, i + chunkSize))) break;
  return pager.end();
}

describe('LinePager', () => {
  it('numbers lines from 1, with or without a final newline', () => {
    expect(page('a\nb\n')).toEqual({ binary: false, totalLines: 2, lines: [
      { number: 1, text: 'a', cutChars: 0 }, { number: 2, text: 'b', cutChars: 0 }] });
    expect(page('a\n\nc').lines.map((l) => l.text)).toEqual(['a', '', 'c']);
    expect(page('').totalLines).toBe(0);
  });

  it('keeps only the window and counts every line', () => {
    const text = Array.from({ length: 50 }, (_, i) => `l${i + 1}`).join('\n');
    const p = page(text, { offset: 10, limit: 3 });
    expect(p.lines.map((l) => [l.number, l.text])).toEqual([[10, 'l10'], [11, 'l11'], [12, 'l12']]);
    expect(p.totalLines).toBe(50);
  });

  it('cuts a long line and says by how much, even when the line spans many chunks', () => {
    const p = page(`${'x'.repeat(30)}\nshort`, { maxLineChars: 10 }, 4);
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
    expect(page('a\r\nb\x07c\n').lines.map((l) => l.text)).toEqual(['a', 'b\uFFFDc']);
  });
});
