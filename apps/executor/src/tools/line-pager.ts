import { RedactingStream } from '@cofounder/observability';
import { describeBinary, SNIFF_BYTES } from './binary-kind';
import { ColourCodeStripper, replaceControlChars } from './text-stream-sanitizer';

export interface PageWindow {
  /** 1-based number of the first line to keep. */
  offset: number;
  limit: number;
  maxLineChars: number;
}

export interface PageLine {
  number: number;
  text: string;
  /** Characters cut off the end of a line longer than maxLineChars. */
  cutChars: number;
}

export interface TextPage {
  binary: false;
  lines: PageLine[];
  totalLines: number;
}

/** Not text: what it is ("PNG image, 800x600"), from its first bytes; the rest was not read. */
export interface BinaryPage {
  binary: true;
  kind: string;
}

export type Page = TextPage | BinaryPage;

/**
 * Splits a file streamed in chunks into numbered lines and keeps only the window asked for,
 * each line cut at maxLineChars: memory is bounded by the window whatever the file's size,
 * even for one endless line. The rest of the file is only counted. Secrets are redacted
 * before lines are cut or left out, from the file's first line (a private key begun above
 * the window is still hidden in it); redaction keeps the line count.
 */
export class LinePager {
  private readonly decoder = new TextDecoder('utf-8');
  private redactor: RedactingStream | null = new RedactingStream();
  private readonly colours = new ColourCodeStripper();
  private readonly lines: PageLine[] = [];
  /** The file's first bytes, until they say whether it is text. */
  private sniffed: Uint8Array[] | null = [];
  private sniffedBytes = 0;
  private binaryKind: string | null = null;
  /** The line being read: its number, the part kept and how much was cut. */
  private current = { number: 1, text: '', cutChars: 0, empty: true };

  constructor(private readonly window: PageWindow) {}

  /** False once the file is known to be binary: reading further is pointless. */
  write(chunk: Uint8Array): boolean {
    if (this.binaryKind) return false;
    if (this.sniffed) {
      this.sniffed.push(chunk);
      this.sniffedBytes += chunk.length;
      if (this.sniffedBytes < SNIFF_BYTES) return true;
      return this.decide();
    }
    this.decode(chunk);
    return true;
  }

  end(): Page {
    if (this.sniffed) this.decide();
    if (this.binaryKind) return { binary: true, kind: this.binaryKind };
    this.take(this.decoder.decode());
    this.flushRedactor();
    if (!this.current.empty) this.endLine();
    return { binary: false, lines: this.lines, totalLines: this.current.number - 1 };
  }

  private decide(): boolean {
    const start = Buffer.concat(this.sniffed!);
    this.sniffed = null;
    this.binaryKind = describeBinary(start);
    if (this.binaryKind) return false;
    this.decode(start);
    return true;
  }

  private decode(chunk: Uint8Array): void {
    this.take(this.decoder.decode(chunk, { stream: true }));
  }

  private take(decoded: string): void {
    const text = this.redactor ? this.redactor.push(this.colours.push(decoded)) : decoded;
    this.split(text);
    // Past the window only lines are counted: no need to redact what is never shown.
    if (this.redactor && this.current.number >= this.window.offset + this.window.limit) this.flushRedactor();
  }

  private flushRedactor(): void {
    const rest = this.redactor ? this.redactor.push(this.colours.end()) + this.redactor.end() : '';
    this.redactor = null;
    this.split(rest);
  }

  private split(text: string): void {
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      this.addToLine(text.slice(start, nl));
      this.endLine();
      start = nl + 1;
    }
    this.addToLine(text.slice(start));
  }

  private inWindow(number: number): boolean {
    return number >= this.window.offset && number < this.window.offset + this.window.limit;
  }

  private addToLine(piece: string): void {
    if (!piece) return;
    const line = this.current;
    line.empty = false;
    if (!this.inWindow(line.number)) return;
    const room = this.window.maxLineChars - line.text.length;
    line.text += piece.slice(0, Math.max(room, 0));
    line.cutChars += Math.max(piece.length - room, 0);
  }

  private endLine(): void {
    const line = this.current;
    if (this.inWindow(line.number)) {
      const text = replaceControlChars(line.text.endsWith('\r') ? line.text.slice(0, -1) : line.text);
      this.lines.push({ number: line.number, text, cutChars: line.cutChars });
    }
    this.current = { number: line.number + 1, text: '', cutChars: 0, empty: true };
  }
}
