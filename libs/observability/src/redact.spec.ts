import { MAX_PRIVATE_KEY_CHARS, redactDeep, redactSecrets } from './redact';

describe('redactSecrets', () => {
  it.each([
    ['Anthropic', 'key sk-ant-api03-abcdefghijklmnopqrstuv end'],
    ['OpenAI', 'key sk-proj-abcdefghijklmnopqrstuvwx end'],
    ['Stripe', 'key sk_live_abcdefghijklmnop end'],
    ['AWS', 'key AKIAIOSFODNN7EXAMPLE end'],
    ['GitHub', 'key ghp_abcdefghijklmnopqrstuvwxyz0123456789 end'],
  ])('hides an %s key', (_name, text) => {
    const out = redactSecrets(text);
    expect(out).toBe('key [REDACTED] end');
  });

  it('hides a private key block line by line, so line numbers stay true', () => {
    const out = redactSecrets('a\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\nb');
    expect(out).toBe('a\n[REDACTED]\n[REDACTED]\n[REDACTED]\nb');
  });

  it('hides a private key whose END never comes (output cut short), but only so far', () => {
    const body = Array.from({ length: 5 }, (_, i) => `MIIE${i}`.padEnd(64, 'Q')).join('\n');
    expect(redactSecrets(`x -----BEGIN PRIVATE KEY-----\n${body}`)).toBe(`x ${Array(6).fill('[REDACTED]').join('\n')}`);
    const begin = '-----BEGIN PRIVATE KEY-----';
    const far = redactSecrets(`${begin}${'Q'.repeat(MAX_PRIVATE_KEY_CHARS)}\nafter`);
    expect(far).toBe(`[REDACTED]${'Q'.repeat(begin.length)}\nafter`);
  });

  it('masks a value once when it is also a provider key, and a single-quoted value too', () => {
    expect(redactSecrets('ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnop')).toBe('ANTHROPIC_API_KEY=[REDACTED]');
    expect(redactSecrets("export DB_PASSWORD='hunter22'")).toBe("export DB_PASSWORD='[REDACTED]'");
  });

  it('is idempotent', () => {
    const once = redactSecrets('API_TOKEN: "abcd1234" sk_live_abcdefghijklmnop\n-----BEGIN PRIVATE KEY-----\nQ\n-----END PRIVATE KEY-----');
    expect(redactSecrets(once)).toBe(once);
  });

  it('hides the value of a NAME=value line whose name says it is secret', () => {
    expect(redactSecrets('DB_PASSWORD=hunter22\nAPI_TOKEN: "abcd1234"\nPORT=3000'))
      .toBe('DB_PASSWORD=[REDACTED]\nAPI_TOKEN: "[REDACTED]"\nPORT=3000');
  });

  it('leaves ordinary text alone', () => {
    const text = 'exit code: 1\nstdout:\nAll 3 tests passed (keyboard, monkey)';
    expect(redactSecrets(text)).toBe(text);
  });

  it('keeps an error\'s message and stack, redacted', () => {
    const out = redactDeep({ err: new Error('failed with API_KEY=abcdef12') }) as unknown as { err: { message: string; stack: string } };
    expect(out.err.message).toBe('failed with API_KEY=[REDACTED]');
    expect(out.err.stack).toContain('redact.spec.ts');
  });

  it('walks nested values', () => {
    expect(redactDeep({ a: ['SECRET_KEY=abcdef12'], n: 3 })).toEqual({ a: ['SECRET_KEY=[REDACTED]'], n: 3 });
  });
});
