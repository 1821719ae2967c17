import { findSecrets, REDACTED, renderRedacted, SecretSpan } from './redact';

/**
 * Held back from every release: whatever identifies a secret (a provider's prefix with its
 * shortest body, NAME and separator, a BEGIN line) is shorter, so a secret that starts before
 * the cut is already recognisable when the cut is made.
 */
const HOLD_CHARS = 1024;
/** Text is looked at once this much more has arrived, so the patterns run over each part a few times at most. */
const RELEASE_EVERY_CHARS = 8 * 1024;
/** A secret still growing at this length is masked and its rest skipped as it arrives. */
const MAX_PENDING_CHARS = 64 * 1024;
/** Released text kept to judge the next part with: word boundaries look one character back. */
const BEFORE_CHARS = 64;

/**
 * Redacts text that arrives in pieces, as redactSecrets would the whole of it, in bounded
 * memory: a piece is let through only once no secret can straddle where it ends. Text after
 * it is cut, capped or paged can then never hold part of a secret.
 */
export class RedactingStream {
  /** Not yet let through, as it came. */
  private pending = '';
  /** The end of what was let through, as it came. */
  private before = '';
  /** A secret too long to hold is being skipped: its characters are dropped while they continue it. */
  private skipping: RegExp | null = null;
  private pendingAtRelease = 0;

  /** Characters held: at most MAX_PENDING_CHARS plus the latest piece. */
  get heldChars(): number {
    return this.pending.length + this.before.length;
  }

  push(text: string): string {
    this.pending += text;
    if (this.skipping) this.skip(this.skipping);
    if (this.skipping || this.pending.length - this.pendingAtRelease < RELEASE_EVERY_CHARS) return '';
    const out = this.release(false);
    this.pendingAtRelease = this.pending.length;
    return out;
  }

  /**
   * Stops redacting and hands back, as it came, the text not yet let through: for a caller
   * that redacts the rest some other way (the capture's tail). A secret being skipped stays
   * skipped no further: what follows of it comes after, unredacted, for that caller to judge.
   */
  abandon(): string {
    const rest = this.skipping ? '' : this.pending;
    this.pending = '';
    this.before = '';
    this.skipping = null;
    this.pendingAtRelease = 0;
    return rest;
  }

  end(): string {
    const out = this.pending ? this.release(true) : '';
    this.pending = '';
    this.before = '';
    this.skipping = null;
    this.pendingAtRelease = 0;
    return out;
  }

  private release(final: boolean): string {
    const text = this.before + this.pending;
    const from = this.before.length;
    const spans = findSecrets(text).filter((s) => s.end > from);
    let cut = final ? text.length : text.length - HOLD_CHARS;
    let growing: SecretSpan | undefined;
    for (const span of spans) {
      if (span.start >= cut) break;
      if (span.end === text.length && !final) {
        // It may go on in text still to come: held whole.
        growing = span;
        cut = span.start;
        break;
      }
      // Known whole: let through whole, masked.
      if (span.end > cut) cut = span.end;
    }
    if (growing && text.length - Math.max(cut, from) > MAX_PENDING_CHARS && growing.body) {
      return this.startSkipping(text, from, spans, growing.body);
    }
    // A surrogate pair stays together, so each part decodes to valid text.
    if (cut > from && isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
    if (cut <= from) return '';
    const out = renderRedacted(text, spans, from, cut);
    this.before = text.slice(Math.max(0, cut - BEFORE_CHARS), cut);
    this.pending = text.slice(cut);
    return out;
  }

  private startSkipping(text: string, from: number, spans: SecretSpan[], body: RegExp): string {
    const out = renderRedacted(text, spans, from);
    this.pending = '';
    this.before = '';
    this.pendingAtRelease = 0;
    this.skipping = body;
    return out.endsWith(REDACTED) ? out : out + REDACTED;
  }

  private skip(body: RegExp): void {
    let i = 0;
    while (i < this.pending.length && body.test(this.pending[i])) i++;
    this.pending = this.pending.slice(i);
    if (this.pending) this.skipping = null;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
