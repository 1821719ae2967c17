/**
 * Secrets are replaced by [REDACTED] at every point where text leaves a process boundary:
 * tool results, events, logs. Patterns cover the providers founders use most, private keys,
 * and NAME=value lines whose name says it is a secret.
 */
const REDACTED = '[REDACTED]';

const PATTERNS: RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]{10,}/g, // Anthropic
  /sk-(?:proj-)?[A-Za-z0-9_-]{20,}/g, // OpenAI
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}/g, // Stripe
  /\bwhsec_[A-Za-z0-9]{10,}/g, // Stripe webhook secret
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, // AWS access key id
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{30,}/g,
  /\bsk_(?:live|test)_[A-Za-z0-9]{20,}/g, // Clerk secret key
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];

// NAME=value or NAME: value, where NAME says SECRET, TOKEN, KEY or PASSWORD.
const NAMED = /\b([A-Za-z0-9_.-]*(?:SECRET|TOKEN|KEY|PASSWORD|PASSWD)[A-Za-z0-9_.-]*)(\s*[=:]\s*)("?)([^\s"'`]{4,})\3/gi;

export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of PATTERNS) out = out.replace(pattern, REDACTED);
  return out.replace(NAMED, (_m, name: string, sep: string, quote: string, value: string) =>
    value === REDACTED ? `${name}${sep}${quote}${value}${quote}` : `${name}${sep}${quote}${REDACTED}${quote}`);
}

/** Redacts every string inside a JSON-like value. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  // An Error's fields are not enumerable: without this a logged error would print as {}.
  if (value instanceof Error) {
    return { name: value.name, message: redactSecrets(value.message), stack: value.stack && redactSecrets(value.stack) } as T;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}
