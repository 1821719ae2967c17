/**
 * Secrets are replaced by [REDACTED] at every point where text leaves a process boundary:
 * tool results, events, logs. Patterns cover the providers founders use most, private keys,
 * and NAME=value lines whose name says it is a secret.
 */
export const REDACTED = '[REDACTED]';

/** A secret that is one unbroken token; `body` tests a character that would make it longer. */
interface TokenPattern {
  pattern: RegExp;
  body: RegExp | null;
}

const TOKENS: TokenPattern[] = [
  { pattern: /sk-ant-[A-Za-z0-9_-]{10,}/g, body: /[A-Za-z0-9_-]/ }, // Anthropic
  { pattern: /sk-(?:proj-)?[A-Za-z0-9_-]{20,}/g, body: /[A-Za-z0-9_-]/ }, // OpenAI
  { pattern: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}/g, body: /[A-Za-z0-9]/ }, // Stripe, and Clerk's sk_live_
  { pattern: /\bwhsec_[A-Za-z0-9]{10,}/g, body: /[A-Za-z0-9]/ }, // Stripe webhook secret
  { pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, body: null }, // AWS access key id: always 20 characters
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/g, body: /[A-Za-z0-9]/ }, // GitHub tokens
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{30,}/g, body: /[A-Za-z0-9_]/ },
];

const PRIVATE_KEY_BEGIN = /-----BEGIN [A-Z ]*PRIVATE KEY-----/g;
const PRIVATE_KEY_END = /-----END [A-Z ]*PRIVATE KEY-----/g;
/**
 * No real PEM key is longer (an 8192-bit RSA key is about 6.5 KB). A BEGIN with no END within
 * this many characters (output cut short, a page of a file) is hidden this far, not to the end.
 */
export const MAX_PRIVATE_KEY_CHARS = 16 * 1024;

// NAME=value or NAME: value, where NAME says SECRET, TOKEN, KEY or PASSWORD; the value is
// hidden, the name kept. The keyword comes first (the name is widened to the left afterwards).
// Name and separator are bounded: what marks a secret must fit in what the streaming redactor
// holds back, and an unbounded run would make the search quadratic on text like "keykeykey…".
const MAX_NAME_CHARS = 128;
const NAMED = /(?:SECRET|TOKEN|KEY|PASSWORD|PASSWD)[A-Za-z0-9_.-]{0,128}([ \t]{0,16}[=:][ \t]{0,16}(?:\r?\n[ \t]{0,16})?)(["'`]?)([^\s"'`]{4,})/dgi;
const NAMED_VALUE_BODY = /[^\s"'`]/;
const NAME_CHAR = /[A-Za-z0-9_.-]/;
// Every pattern above needs one of these: most text has none, and is let through at once.
const MAYBE_SECRET = /sk-|_live_|_test_|whsec_|AKIA|ASIA|gh[pousr]_|github_pat_|-----BEGIN|SECRET|TOKEN|KEY|PASSW/i;

/** One secret found in a text. */
export interface SecretSpan {
  /** What must be judged whole: for NAME=value, from the first character of the name. */
  start: number;
  end: number;
  /** The parts replaced by [REDACTED], within [start, end). */
  hidden: Array<[number, number]>;
  /** When `end` is the text's end, tests a next character that would make the secret longer. */
  body: RegExp | null;
}

function tokenSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const { pattern, body } of TOKENS) {
    for (const m of text.matchAll(pattern)) {
      const end = m.index + m[0].length;
      spans.push({ start: m.index, end, hidden: [[m.index, end]], body });
    }
  }
  return spans;
}

function namedSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const m of text.matchAll(NAMED)) {
    let start = m.index;
    while (start > 0 && m.index - start < MAX_NAME_CHARS && NAME_CHAR.test(text[start - 1])) start--;
    const [valueStart, valueEnd] = m.indices![3];
    spans.push({ start, end: valueEnd, hidden: [[valueStart, valueEnd]], body: NAMED_VALUE_BODY });
  }
  return spans;
}

function privateKeySpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const begin = new RegExp(PRIVATE_KEY_BEGIN);
  const end = new RegExp(PRIVATE_KEY_END);
  for (let m = begin.exec(text); m; m = begin.exec(text)) {
    end.lastIndex = m.index + m[0].length;
    const closing = end.exec(text);
    const limit = m.index + MAX_PRIVATE_KEY_CHARS;
    const stop = closing && closing.index + closing[0].length <= limit ? closing.index + closing[0].length : Math.min(text.length, limit);
    spans.push({ start: m.index, end: stop, hidden: [[m.index, stop]], body: null });
    begin.lastIndex = stop;
  }
  return spans;
}

/** Overlapping spans become one, so that a cut never falls inside any of them. */
function merge(spans: SecretSpan[]): SecretSpan[] {
  const sorted = spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (!last || span.start >= last.end) {
      merged.push({ ...span, hidden: [...span.hidden] });
      continue;
    }
    last.hidden.push(...span.hidden);
    // Ending together, the wider body decides what still continues the secret: a NAME=value's
    // value goes on past characters a provider's token would stop at.
    if (span.end > last.end || (span.end === last.end && span.body && (last.body === null || span.body === NAMED_VALUE_BODY))) {
      last.body = span.body;
    }
    last.end = Math.max(last.end, span.end);
  }
  return merged;
}

/** Every secret in `text`, in order, none overlapping another. */
export function findSecrets(text: string): SecretSpan[] {
  if (!MAYBE_SECRET.test(text)) return [];
  return merge([...privateKeySpans(text), ...tokenSpans(text), ...namedSpans(text)]);
}

/** One [REDACTED] per line a secret spans: line numbers stay true (read pages by them). */
function mask(secret: string): string {
  return secret.split('\n').map((line) => (line ? REDACTED : '')).join('\n');
}

/** `text` from `from` to `to`, with the hidden parts of `spans` (clipped to that range) masked. */
export function renderRedacted(text: string, spans: SecretSpan[], from = 0, to = text.length): string {
  const ranges = spans.flatMap((s) => s.hidden)
    .map(([a, b]): [number, number] => [Math.max(a, from), Math.min(b, to)])
    .filter(([a, b]) => a < b)
    .sort((x, y) => x[0] - y[0]);
  // Hidden parts that touch (a token that is also a NAME=value's value) are masked once.
  const joined: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = joined[joined.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else joined.push(range);
  }
  let out = '';
  let at = from;
  for (const [a, b] of joined) {
    out += text.slice(at, a) + mask(text.slice(a, b));
    at = b;
  }
  return out + text.slice(at, to);
}

export function redactSecrets(text: string): string {
  return renderRedacted(text, findSecrets(text));
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
