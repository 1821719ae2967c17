import { replaceControlChars } from './text-stream-sanitizer';

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

export interface Page {
  /** A NUL byte in the first 8 KB: the rest was not read. */
  binary: boolean;
  lines: PageLine[];
  totalLines: number;
}

const BINARY_SNIFF_BYTES = 8192;

/**
 * Splits a file streamed in chunks into numbered lines and keeps only the window asked for,
 * each line cut at maxLineChars: memory is bounded by the window whatever the file's size,
 * even for one endless line. The rest of the file is only counted.
 */
export class LinePager {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly lines: PageLine[] = [];
  private bytesSeen = 0;
  private binary = false;
  /** The line being read: its number, the part kept and how much was cut. */
  private current = { number: 1, text: '', cutChars: 0, empty: true };

  constructor(private readonly window: PageWindow) {}

  /** False once the file is known to be binary: reading further is pointless. */
  write(chunk: Uint8Array): boolean {
    if (this.binary) return false;
    if (this.bytesSeen < BINARY_SNIFF_BYTES && chunk.subarray(0, BINARY_SNIFF_BYTES - this.bytesSeen).includes(0)) {
      this.binary = true;
      return false;
    }
    this.bytesSeen += chunk.length;
    this.take(this.decoder.decode(chunk, { stream: true }));
    return true;
  }

  end(): Page {
    if (!this.binary) {
      this.take(this.decoder.decode());
      if (!this.current.empty) this.endLine();
    }
    return { binary: this.binary, lines: this.lines, totalLines: this.current.number - 1 };
  }

  private take(text: string): void {
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
