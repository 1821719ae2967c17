// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\x1b\[[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;
const REPLACEMENT = '\uFFFD';

/**
 * Text safe to show the model and store: terminal colour codes removed, every other control
 * character but newline and tab replaced by U+FFFD. Carriage returns must be dealt with first.
 */
export function replaceControlChars(text: string): string {
  return text.replace(ANSI_ESCAPE, '').replace(CONTROL, REPLACEMENT);
}

/**
 * Decodes a byte stream to safe text piece by piece: UTF-8 split across chunks is joined,
 * invalid UTF-8 becomes U+FFFD, `\r\n` and a lone `\r` (progress bars) become `\n`, and
 * control characters are replaced.
 */
export class TextStreamSanitizer {
  private readonly decoder = new TextDecoder('utf-8');
  private pendingCarriageReturn = false;

  push(chunk: Uint8Array | string): string {
    return this.clean(typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }), false);
  }

  end(): string {
    return this.clean(this.decoder.decode(), true);
  }

  private clean(decoded: string, last: boolean): string {
    let text = this.pendingCarriageReturn ? `\r${decoded}` : decoded;
    // A `\r` at the end may be the first half of `\r\n`: decide when the next piece comes.
    this.pendingCarriageReturn = !last && text.endsWith('\r');
    if (this.pendingCarriageReturn) text = text.slice(0, -1);
    return replaceControlChars(text.replace(/\r\n?/g, '\n'));
  }
}
