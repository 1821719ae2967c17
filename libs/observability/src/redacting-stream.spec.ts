import { redactSecrets } from './redact';
import { RedactingStream } from './redacting-stream';

const ANTHROPIC = `sk-ant-api03-${'Zq7vLw2Xk9Pm4Rt8Yb6Nc1Hd5Gf3Js0Ka'}`;
const PASSWORD = 'hunter2-but-longer-7731';
const KEY_BODY = ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj', 'jYgcXjKRa1k2VNUvPwPE2CAeVd0fBGI3Ek2xmyxAHMj5jXB9aJr3zhCj3WI1xAkB'];
const PEM = `-----BEGIN PRIVATE KEY-----\n${KEY_BODY.join('\n')}\n-----END PRIVATE KEY-----`;

function streamed(text: string, chunkSize: number): { out: string; peak: number } {
  const stream = new RedactingStream();
  let out = '';
  let peak = 0;
  for (let i = 0; i < text.length; i += chunkSize) {
    out += stream.push(text.slice(i, i + chunkSize));
    peak = Math.max(peak, stream.heldChars);
  }
  return { out: out + stream.end(), peak };
}

function expectNoFragment(out: string, secret: string): void {
  for (let i = 0; i + 12 <= secret.length; i++) expect(out).not.toContain(secret.slice(i, i + 12));
}

describe('RedactingStream', () => {
  it('redacts as redactSecrets does, wherever the pieces are cut', () => {
    const text = `start\nANTHROPIC=${ANTHROPIC} and DB_PASSWORD="${PASSWORD}"\n${PEM}\nend\n`;
    for (let size = 1; size <= text.length; size++) {
      expect(streamed(text, size).out).toBe(redactSecrets(text));
    }
  });

  it('never lets a part of a secret through at the points where it releases text', () => {
    // Filler lengths that put each secret across every release point, in pieces of varied sizes.
    for (let shift = 0; shift < 120; shift += 7) {
      const filler = `${'word '.repeat(1700)}${'x'.repeat(shift)} `;
      const text = `${filler}${ANTHROPIC} ${filler}api_key = ${PASSWORD}\n${filler}\n${PEM}\n${filler}`;
      const { out } = streamed(text, 997 + shift);
      expect(out).toBe(redactSecrets(text));
      for (const secret of [ANTHROPIC, PASSWORD, ...KEY_BODY]) expectNoFragment(out, secret);
    }
  });

  it('holds bounded memory through one endless line', () => {
    const { out, peak } = streamed('y'.repeat(10 * 1024 * 1024), 64 * 1024);
    expect(out).toHaveLength(10 * 1024 * 1024);
    expect(peak).toBeLessThanOrEqual(64 * 1024 + 16 * 1024);
  });

  it('masks a secret too long to hold and skips the rest of it as it arrives', () => {
    const endless = `before sk-ant-${'a'.repeat(5 * 1024 * 1024)} after`;
    const { out, peak } = streamed(endless, 4096);
    expect(out).toBe('before [REDACTED] after');
    expect(peak).toBeLessThanOrEqual(64 * 1024 + 16 * 1024);
  });

  it('redacts as redactSecrets does when a name is far from its value', () => {
    const farApart = [
      `${'line\n'.repeat(2000)}SECRET_${'0'.repeat(50_000)}=hunter2hunter2\n`,
      `PASSWORD:${'\n'.repeat(40_000)}hunter2hunter2`,
      `${'x'.repeat(5000)}API_TOKEN \t=\n   hunter2hunter2 tail`,
    ];
    for (const text of farApart) expect(streamed(text, 64 * 1024).out).toBe(redactSecrets(text));
    expect(redactSecrets('API_TOKEN =\n   hunter2hunter2 tail')).toBe('API_TOKEN =\n   [REDACTED] tail');
  });

  it('skips the whole of a named value too long to hold, though it starts like a provider\'s token', () => {
    const text = `SECRET=ghp_${'a'.repeat(200_000)}.PART2 rest`;
    expect(streamed(text, 4096).out).toBe(redactSecrets(text));
    expect(redactSecrets(text)).toBe('SECRET=[REDACTED] rest');
  });

  it('hides a private key whose END never comes', () => {
    const { out } = streamed(`a\n-----BEGIN RSA PRIVATE KEY-----\n${KEY_BODY[0]}\n`, 10);
    expect(out).toBe('a\n[REDACTED]\n[REDACTED]\n');
  });

  it('keeps surrogate pairs whole in every piece it lets through', () => {
    const stream = new RedactingStream();
    const pieces = [stream.push('😀'.repeat(20_000)), stream.push('😀'.repeat(20_000)), stream.end()];
    for (const piece of pieces) expect(piece).toBe(Buffer.from(piece, 'utf8').toString('utf8'));
    expect(pieces.join('')).toBe('😀'.repeat(40_000));
  });
});
