// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\x1b\[[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const UNFINISHED_ESCAPE = /\x1b(?:\[[0-?]*[ -/]*)?$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;
// eslint-disable-next-line no-control-regex
const HAS_CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;
const REPLACEMENT = '\uFFFD';
const MAX_ESCAPE_CHARS = 32;

/**
 * Text safe to show the model and store: terminal colour codes removed, every other control
 * character but newline and tab replaced by U+FFFD. Carriage returns must be dealt with first.
 */
export function replaceControlChars(text: string): string {
  // Most output has none: one scan instead of two replacements.
  if (!HAS_CONTROL.test(text)) return text;
  return text.replace(ANSI_ESCAPE, '').replace(CONTROL, REPLACEMENT);
}

export function stripColourCodes(text: string): string {
  return text.replace(ANSI_ESCAPE, '');
}

/**
 * Removes terminal colour codes from text that arrives in pieces, a code split between two
 * pieces included. Done before redaction: `PASSWORD\x1b[0m=…` must read as `PASSWORD=…` to it.
 */
export class ColourCodeStripper {
  private carried = '';

  push(text: string): string {
    const joined = this.carried + text;
    let cut = UNFINISHED_ESCAPE.exec(joined)?.index ?? joined.length;
    if (joined.length - cut > MAX_ESCAPE_CHARS) cut = joined.length;
    this.carried = joined.slice(cut);
    return joined.slice(0, cut).replace(ANSI_ESCAPE, '');
  }

  end(): string {
    const rest = this.carried.replace(ANSI_ESCAPE, '');
    this.carried = '';
    return rest;
  }
}

/**
 * Decodes a byte stream to safe text piece by piece: UTF-8 split across chunks is joined,
 * invalid UTF-8 becomes U+FFFD, `\r\n` and a lone `\r` (progress bars) become `\n`, and
 * control characters are replaced.
 */
export class TextStreamSanitizer {
  private readonly decoder = new TextDecoder('utf-8');
  /** The end of the last piece, decided only with the next: a `\r` (maybe `\r\n`), a colour code begun. */
  private carried = '';

  push(chunk: Uint8Array | string): string {
    return this.clean(typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }), false);
  }

  end(): string {
    return this.clean(this.decoder.decode(), true);
  }

  private clean(decoded: string, last: boolean): string {
    let text = this.carried + decoded;
    this.carried = '';
    if (!last) {
      let cut = text.endsWith('\r') ? text.length - 1 : (UNFINISHED_ESCAPE.exec(text)?.index ?? text.length);
      // No colour code is this long: a stray ESC must not hold back the rest of the output.
      if (text.length - cut > MAX_ESCAPE_CHARS) cut = text.length;
      this.carried = text.slice(cut);
      text = text.slice(0, cut);
    }
    return replaceControlChars(text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);
  }
}
