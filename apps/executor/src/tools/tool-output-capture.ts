import { RedactingStream } from '@cofounder/observability';
import { TextStreamSanitizer } from './text-stream-sanitizer';

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
 * only the count of what fell between them is kept. A 50 MB output costs `maxChars`.
 * Secrets are redacted before the cap: cutting redacted text can never leave part of one.
 */
export class ToolOutputCapture {
  private readonly sanitizer = new TextStreamSanitizer();
  private readonly redactor = new RedactingStream();
  private readonly headCap: number;
  private readonly tailCap: number;
  private head = '';
  private headFull = false;
  private tail: string[] = [];
  private tailLength = 0;
  private omittedChars = 0;
  private omittedLines = 0;

  constructor(maxChars: number) {
    this.headCap = Math.ceil(maxChars / 2);
    this.tailCap = maxChars - this.headCap;
  }

  write(chunk: Uint8Array | string): void {
    this.append(this.redactor.push(this.sanitizer.push(chunk)));
  }

  /** Characters kept right now: never more than maxChars plus one chunk being trimmed. */
  get retainedChars(): number {
    return this.head.length + this.tailLength;
  }

  /** Characters waiting to be redacted: bounded too, however long a line. */
  get heldChars(): number {
    return this.redactor.heldChars;
  }

  /** The text, with a `[... N lines omitted ...]` marker where the middle was dropped. */
  finish(): string {
    this.append(this.redactor.push(this.sanitizer.end()));
    this.append(this.redactor.end());
    const tail = this.tail.join('');
    if (this.omittedChars === 0) return this.head + tail;
    const marker = this.omittedLines > 0
      ? `[... ${this.omittedLines} lines omitted ...]`
      : `[... ${this.omittedChars} characters omitted ...]`;
    return `${this.head}\n${marker}\n${tail}`;
  }

  private append(text: string): void {
    let rest = text;
    if (!this.headFull) {
      let take = Math.min(rest.length, this.headCap - this.head.length);
      if (take < rest.length) {
        // Never keep half of a surrogate pair: it would decode as U+FFFD.
        if (take > 0 && isHighSurrogate(rest.charCodeAt(take - 1))) take--;
        this.headFull = true;
      }
      this.head += rest.slice(0, take);
      rest = rest.slice(take);
    }
    if (!rest) return;
    this.tail.push(rest);
    this.tailLength += rest.length;
    this.trimTail();
  }

  private trimTail(): void {
    while (this.tailLength > this.tailCap) {
      const first = this.tail[0];
      const excess = this.tailLength - this.tailCap;
      const cut = first.length <= excess ? first.length : excess + (isHighSurrogate(first.charCodeAt(excess - 1)) ? 1 : 0);
      this.drop(first.slice(0, cut));
      this.tailLength -= cut;
      if (cut === first.length) this.tail.shift();
      else this.tail[0] = first.slice(cut);
    }
    // Many small writes would grow the array: join them now and then.
    if (this.tail.length > 256) this.tail = [this.tail.join('')];
  }

  private drop(text: string): void {
    this.omittedChars += text.length;
    this.omittedLines += countNewlines(text);
  }
}
