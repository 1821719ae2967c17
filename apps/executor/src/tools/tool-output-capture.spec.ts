import { TAIL_CONTEXT_CHARS, ToolOutputCapture } from './tool-output-capture';

const SECRET = 'sk-ant-api03-Zq7vLw2Xk9Pm4Rt8Yb6Nc1Hd5Gf3Js0Ka';
const PEM_BODY = ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj', 'jYgcXjKRa1k2VNUvPwPE2CAeVd0fBGI3Ek2xmyxAHMj5jXB9aJr3zhCj3WI1xAkB'];

function capture(maxChars: number, text: string | Buffer, chunkSize: number): ToolOutputCapture {
  const out = new ToolOutputCapture(maxChars);
  for (let i = 0; i < text.length; i += chunkSize) out.write(text.slice(i, i + chunkSize));
  return out;
}

/** Every 6-character piece of the secret's body: none may survive anywhere. */
function expectNoFragment(out: string, secret: string): void {
  const body = secret.replace(/^sk-ant-/, '');
  for (let i = 0; i + 6 <= body.length; i++) expect(out).not.toContain(body.slice(i, i + 6));
}

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
    expect(peak).toBeLessThanOrEqual(cap + TAIL_CONTEXT_CHARS);
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

  it('redacts a secret that the head\'s end would cut in two', () => {
    // The head keeps 30 characters: it would end inside the key, too short a piece to be recognised.
    for (let at = 15; at < 30; at++) {
      const out = capture(60, `${'a'.repeat(at)}${SECRET}\n${lines(1, 50)}`, 7).finish();
      expect(out.startsWith(`${'a'.repeat(at)}[REDACTED]`.slice(0, 30))).toBe(true);
      expectNoFragment(out, SECRET);
    }
  });

  it('redacts a secret that the tail\'s start would cut in two, and a NAME=value there', () => {
    for (let before = 1; before < 25; before++) {
      const out = capture(60, `${lines(1, 50)}${SECRET} ${'b'.repeat(before)}\n`, 5).finish();
      expect(out).toMatch(/\[\.\.\. \d+ lines omitted \.\.\.\]/);
      expectNoFragment(out, SECRET);
      const named = capture(40, `${lines(1, 50)}DB_PASSWORD=hunter2-but-longer-7731 ${'b'.repeat(before)}\n`, 5).finish();
      expect(named).not.toMatch(/7731|longer|-but-/);
    }
  });

  it('redacts a secret split across chunks at every point', () => {
    const text = Buffer.from(`key: ${SECRET} done\n`);
    for (let size = 1; size < text.length; size++) {
      expect(capture(1000, text, size).finish()).toBe('key: [REDACTED] done\n');
    }
  });

  it('redacts a private key block line by line, whatever the cap keeps of it', () => {
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY.join('\n')}\n-----END RSA PRIVATE KEY-----\n`;
    expect(capture(1000, `before\n${pem}after\n`, 9).finish()).toBe('before\n[REDACTED]\n[REDACTED]\n[REDACTED]\n[REDACTED]\nafter\n');
    // The BEGIN line falls in the omitted middle; the body would reach the tail.
    const out = capture(100, `${lines(1, 100)}${pem}`, 11).finish();
    for (const body of PEM_BODY) expectNoFragment(out, body);
    expect(out).toMatch(/\[REDACTED\]\n\[REDACTED\]\n$/);
  });

  it('keeps memory bounded through a 20 MB line, and redacts a key inside it', () => {
    const out = new ToolOutputCapture(30_000);
    const piece = `${'z'.repeat(64 * 1024 - 1)} `;
    let peak = 0;
    for (let i = 0; i < 320; i++) {
      out.write(i === 160 ? `${piece.slice(0, -SECRET.length - 1)} ${SECRET}` : piece);
      peak = Math.max(peak, out.heldChars + out.retainedChars);
    }
    out.write(`x ${SECRET}`);
    const text = out.finish();
    expect(peak).toBeLessThan(30_000 + 64 * 1024 + 16 * 1024);
    expect(text).toMatch(/^z{15000}\n\[\.\.\. \d+ characters omitted \.\.\.\]\n/);
    expect(text.endsWith('x [REDACTED]')).toBe(true);
    expectNoFragment(text, SECRET);
  });

  it('lets no fragment of a secret through, wherever it falls against the head, the omitted middle and the tail', () => {
    const secrets = {
      token: SECRET,
      named: 'DB_PASSWORD=hunter2-but-longer-7731',
      nextLine: 'API_TOKEN:\n  Qw8Er7Ty6Ui5Op4As3Df2Gh1',
      pem: `-----BEGIN PRIVATE KEY-----\n${PEM_BODY.join('\n')}\n-----END PRIVATE KEY-----`,
      // Longer than the context kept before the tail: only its start identifies it.
      endless: `sk-ant-${'Q7w'.repeat(15_000)}`,
      // A 4096-bit key's size: its BEGIN line far from its last lines.
      bigPem: `-----BEGIN RSA PRIVATE KEY-----\n${'Mk9Lp2Ws8Qx4Ze7Rb3Vn6Yt1Hu5Jc0Ad'.repeat(2).concat('\n').repeat(50)}-----END RSA PRIVATE KEY-----`,
    };
    const bodies = ['Zq7vLw2Xk9Pm4Rt8', 'hunter2-but', 'Qw8Er7Ty6Ui5Op4A', ...PEM_BODY.map((b) => b.slice(8, 24)), 'Q7wQ7wQ7w', 'Ze7Rb3Vn6Yt1'];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 100; round++) {
      const parts: string[] = [];
      for (let i = 0; i < 8; i++) {
        parts.push('x'.repeat(random(40_000)), '\n');
        parts.push(Object.values(secrets)[random(6)], random(2) ? '\n' : ' ');
      }
      const out = capture(2000 + random(30_000), parts.join(''), 1 + random(70_000)).finish();
      for (const body of bodies) expect({ round, leaked: out.includes(body) }).toEqual({ round, leaked: false });
    }
    // A long key that the tail's start cuts far from its BEGIN line.
    const out = capture(2000, `${'x'.repeat(50_000)}\n${secrets.bigPem}\n`, 4096).finish();
    expect(out).not.toContain('Ze7Rb3Vn6Yt1');
    expect(out).toMatch(/\[REDACTED\]\n$/);
  });

  it('drops a colour code split across chunks, and replaces a stray escape', () => {
    const out = capture(100, '\x1b[31mred\x1b[0m plain \x1b end', 2).finish();
    expect(out).toBe('red plain \uFFFD end');
  });
});
