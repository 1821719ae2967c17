import { findSecrets, MAX_PRIVATE_KEY_CHARS, RedactingStream, renderRedacted, SecretSpan } from '@cofounder/observability';
import { TextStreamSanitizer } from './text-stream-sanitizer';

/**
 * Kept before the tail, as it came, to judge the tail's secrets with: longer than any private
 * key (whose BEGIN line must be seen) and than what identifies any other secret.
 */
export const TAIL_CONTEXT_CHARS = MAX_PRIVATE_KEY_CHARS + 4 * 1024;
/** Within this of the context's start, a run of text may be the rest of a secret that began before it. */
const SECRET_PREFIX_CHARS = 1024;

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * One output stream of a command, capped at `maxChars` characters in bounded memory: the
 * first half is kept as it comes, the last half in a ring that drops its oldest text, and
 * only the count of what fell between them is kept. A 50 MB output costs `maxChars` plus
 * TAIL_CONTEXT_CHARS. Secrets are redacted before the cap, so cutting can never leave part of
 * one: the head as it streams, the tail at the end with the context before it. What falls in
 * between is dropped unread, which is most of a long output's cost saved.
 */
export class ToolOutputCapture {
  private readonly sanitizer = new TextStreamSanitizer();
  private readonly redactor = new RedactingStream();
  private readonly headCap: number;
  private readonly tailCap: number;
  private head = '';
  private headFull = false;
  /** After the head: the latest text as it came, at most tailCap + TAIL_CONTEXT_CHARS once trimmed. */
  private ring: string[] = [];
  private ringLength = 0;
  /** Some text fell off the ring's start: its first characters may continue a secret begun before. */
  private ringTrimmed = false;
  private omittedChars = 0;
  private omittedLines = 0;

  constructor(maxChars: number) {
    this.headCap = Math.ceil(maxChars / 2);
    this.tailCap = maxChars - this.headCap;
  }

  write(chunk: Uint8Array | string): void {
    const text = this.sanitizer.push(chunk);
    if (this.headFull) this.toRing(text);
    else this.toHead(this.redactor.push(text));
  }

  /** Characters kept right now: the head and the ring, bounded. */
  get retainedChars(): number {
    return this.head.length + this.ringLength;
  }

  /** Characters waiting to be redacted: bounded too, however long a line. */
  get heldChars(): number {
    return this.redactor.heldChars;
  }

  /** The text, with a `[... N lines omitted ...]` marker where the middle was dropped. */
  finish(): string {
    const rest = this.sanitizer.end();
    if (this.headFull) this.toRing(rest);
    else this.toHead(this.redactor.push(rest) + this.redactor.end());
    const tail = this.redactedTail();
    if (this.omittedChars === 0) return this.head + tail;
    const marker = this.omittedLines > 0
      ? `[... ${this.omittedLines} lines omitted ...]`
      : `[... ${this.omittedChars} characters omitted ...]`;
    return `${this.head}\n${marker}\n${tail}`;
  }

  private toHead(text: string): void {
    let take = Math.min(text.length, this.headCap - this.head.length);
    if (take === text.length) {
      this.head += text;
      return;
    }
    // Never keep half of a surrogate pair: it would decode as U+FFFD.
    if (take > 0 && isHighSurrogate(text.charCodeAt(take - 1))) take--;
    this.head += text.slice(0, take);
    this.headFull = true;
    // From here the text is kept raw and redacted with its context at the end.
    this.toRing(text.slice(take) + this.redactor.abandon());
  }

  private toRing(text: string): void {
    if (!text) return;
    this.ring.push(text);
    this.ringLength += text.length;
    const keep = this.tailCap + TAIL_CONTEXT_CHARS;
    while (this.ringLength > keep) {
      const first = this.ring[0];
      const excess = this.ringLength - keep;
      const cut = first.length <= excess ? first.length : excess;
      this.drop(first.slice(0, cut));
      this.ringLength -= cut;
      this.ringTrimmed = true;
      if (cut === first.length) this.ring.shift();
      else this.ring[0] = first.slice(cut);
    }
    // Many small writes would grow the array: join them now and then.
    if (this.ring.length > 256) this.ring = [this.ring.join('')];
  }

  private drop(text: string): void {
    this.omittedChars += text.length;
    this.omittedLines += countNewlines(text);
  }

  /** The last tailCap characters, redacted as a whole with the context before them, which is then counted as omitted. */
  private redactedTail(): string {
    const text = this.ring.join('');
    let from = Math.max(0, text.length - this.tailCap);
    // Never start on the second half of a surrogate pair.
    if (from > 0 && isHighSurrogate(text.charCodeAt(from - 1))) from--;
    this.drop(text.slice(0, from));
    const spans = findSecrets(text);
    if (this.ringTrimmed) spans.push(...continuedSecrets(text, from));
    return renderRedacted(text, spans, from);
  }
}

/**
 * A secret begun before the ring's start is not recognisable from its rest. A run of text that
 * starts near the ring's start and reaches into the tail may be one: its part in the tail is
 * hidden. (A private key cannot be: its BEGIN line is always within the context.)
 */
function continuedSecrets(text: string, from: number): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const run = /\S+/g;
  for (let m = run.exec(text); m && m.index < SECRET_PREFIX_CHARS; m = run.exec(text)) {
    const end = m.index + m[0].length;
    if (end > from) spans.push({ start: m.index, end, hidden: [[from, end]], body: null });
  }
  return spans;
}
