import { WORKSPACE } from '../sandbox';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A sandbox's host folders (the run's folder, the data directory) shown as WORKSPACE in what
 * leaves the executor: a program may print where it runs (a stack trace, /proc/self/mountinfo).
 * Over a stream of output, a path split across two chunks is still found, because the end of a
 * chunk that could start one is held back until the next chunk (or end()) shows whether it does. Works on bytes, so output
 * that is not UTF-8 passes unchanged. Almost no output holds a host path: a chunk without one
 * is passed on as it is (a byte search per path), and only one with a path is rewritten.
 */
export class HostPathFilter {
  /** Longest first, as bytes. */
  private readonly hostPaths: Buffer[];
  private readonly pattern: RegExp | null;
  private readonly replacement = Buffer.from(WORKSPACE).toString('latin1');
  private pending: Buffer = Buffer.alloc(0);

  /** `hostPaths`: every spelling of the folders to hide (run folder and data directory, as given and as realpath). */
  constructor(hostPaths: string[]) {
    this.hostPaths = [...new Set(hostPaths)]
      .filter((p) => p.length > 1)
      .map((p) => Buffer.from(p))
      .sort((a, b) => b.length - a.length);
    const alternatives = this.hostPaths.map((p) => escapeRegExp(p.toString('latin1')));
    this.pattern = alternatives.length ? new RegExp(alternatives.join('|'), 'g') : null;
  }

  write(chunk: Uint8Array | string): Buffer {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (!this.pattern) return bytes;
    const data = this.pending.length ? Buffer.concat([this.pending, bytes]) : bytes;
    let out: Buffer;
    let from: number;
    if (this.hostPaths.some((p) => data.includes(p))) {
      [out, from] = this.rewrite(data);
    } else {
      [out, from] = [Buffer.alloc(0), 0];
    }
    const hold = this.partialStart(data, from);
    // A copy: the caller's chunk is not ours to keep.
    this.pending = Buffer.from(data.subarray(hold));
    return out.length ? Buffer.concat([out, data.subarray(from, hold)]) : data.subarray(from, hold);
  }

  /** A whole text at once (a tool's result), leaving the stream's state alone. */
  hide(text: string): string {
    if (!this.pattern) return text;
    return Buffer.from(Buffer.from(text).toString('latin1').replace(this.pattern, this.replacement), 'latin1').toString();
  }

  /** What is still held back, rewritten: the stream has ended. */
  end(): Buffer {
    const rest = this.pending.toString('latin1');
    this.pending = Buffer.alloc(0);
    return Buffer.from(this.pattern ? rest.replace(this.pattern, this.replacement) : rest, 'latin1');
  }

  /** The data up to the last host path rewritten, and where the rest begins. */
  private rewrite(data: Buffer): [Buffer, number] {
    const text = data.toString('latin1');
    const longest = this.hostPaths[0].length;
    let out = '';
    let from = 0;
    for (const match of text.matchAll(this.pattern!)) {
      const at = match.index;
      // A shorter path (the data directory) matched near the end may be the start of a longer
      // one (the run folder inside it): wait for more before deciding.
      if (at + longest > text.length && this.couldGrow(data.subarray(at), match[0].length)) break;
      out += text.slice(from, at) + this.replacement;
      from = at + match[0].length;
    }
    return [Buffer.from(out, 'latin1'), from];
  }

  private couldGrow(tail: Buffer, matched: number): boolean {
    return this.hostPaths.some((p) => p.length > matched && startsWith(p, tail));
  }

  /** Where the earliest suffix of `data` (after `from`) that could begin a host path starts. */
  private partialStart(data: Buffer, from: number): number {
    for (let i = Math.max(from, data.length - this.hostPaths[0].length + 1); i < data.length; i++) {
      if (data[i] !== SLASH) continue;
      const tail = data.subarray(i);
      if (this.hostPaths.some((p) => startsWith(p, tail))) return i;
    }
    return data.length;
  }
}

/** Every host path is absolute: a partial one starts with this byte. */
const SLASH = 0x2f;

function startsWith(whole: Buffer, start: Buffer): boolean {
  return start.length <= whole.length && whole.subarray(0, start.length).equals(start);
}
