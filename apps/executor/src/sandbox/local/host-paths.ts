import { realpathSync } from 'node:fs';
import path from 'node:path';
import { WORKSPACE } from '../sandbox';

/** A run folder's name under the data directory (the provider's sandbox ids). */
const RUN_FOLDER = '(?:/[A-Za-z0-9-]{1,100})?';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The data directory as given (made absolute) and as its realpath, when they differ. */
function spellingsOf(dataDir: string): string[] {
  const absolute = path.resolve(dataDir);
  let real = absolute;
  try {
    real = realpathSync(absolute);
  } catch {
    // Not created yet: nothing can have printed its realpath either.
  }
  return [...new Set([absolute, real])].filter((p) => p !== '/');
}

const patterns = new Map<string, RegExp>();

/**
 * Text with the local data directory's absolute path, and a run folder's under it, shown as
 * WORKSPACE: a program may print where it runs (a stack trace, /proc/self/mountinfo), and no
 * host path leaves the executor. For every reply on its way out.
 */
export function hideHostPaths(text: string, dataDir: string): string {
  let pattern = patterns.get(dataDir);
  if (!pattern) {
    const dirs = spellingsOf(dataDir).sort((a, b) => b.length - a.length).map(escapeRegExp);
    pattern = new RegExp(`(?:${dirs.join('|')})${RUN_FOLDER}(?![A-Za-z0-9-])`, 'g');
    patterns.set(dataDir, pattern);
  }
  return text.replace(pattern, WORKSPACE);
}

/**
 * The same rewriting over a stream of output, for a sandbox whose folders are known: a path
 * split across two chunks is still found, because the end of a chunk that could start one is
 * held back until the next chunk (or end()) shows whether it does. Works on bytes (latin1 maps
 * each byte to one character), so output that is not UTF-8 passes unchanged.
 */
export class HostPathFilter {
  private readonly hostPaths: string[];
  private readonly pattern: RegExp | null;
  private readonly replacement = Buffer.from(WORKSPACE).toString('latin1');
  private pending = '';

  /** `hostPaths`: every spelling of the folders to hide (run folder and data directory, as given and as realpath). */
  constructor(hostPaths: string[]) {
    this.hostPaths = [...new Set(hostPaths)]
      .filter((p) => p.length > 1)
      .map((p) => Buffer.from(p).toString('latin1'))
      .sort((a, b) => b.length - a.length);
    this.pattern = this.hostPaths.length ? new RegExp(this.hostPaths.map(escapeRegExp).join('|'), 'g') : null;
  }

  write(chunk: Uint8Array | string): Buffer {
    if (!this.pattern) return Buffer.from(chunk);
    const text = this.pending + Buffer.from(chunk).toString('latin1');
    const longest = this.hostPaths[0].length;
    let out = '';
    let from = 0;
    for (const match of text.matchAll(this.pattern)) {
      const at = match.index;
      // A shorter path (the data directory) matched near the end may be the start of a longer
      // one (the run folder inside it): wait for more before deciding.
      if (at + longest > text.length && this.couldGrow(text.slice(at), match[0].length)) break;
      out += text.slice(from, at) + this.replacement;
      from = at + match[0].length;
    }
    const hold = this.partialStart(text, from);
    this.pending = text.slice(hold);
    return Buffer.from(out + text.slice(from, hold), 'latin1');
  }

  /** What is still held back, rewritten: the stream has ended. */
  end(): Buffer {
    const rest = this.pending;
    this.pending = '';
    return Buffer.from(this.pattern ? rest.replace(this.pattern, this.replacement) : rest, 'latin1');
  }

  private couldGrow(tail: string, matched: number): boolean {
    return this.hostPaths.some((p) => p.length > matched && p.startsWith(tail));
  }

  /** Where the earliest suffix of `text` (after `from`) that could begin a host path starts. */
  private partialStart(text: string, from: number): number {
    for (let i = Math.max(from, text.length - this.hostPaths[0].length + 1); i < text.length; i++) {
      const tail = text.slice(i);
      if (this.hostPaths.some((p) => p.startsWith(tail))) return i;
    }
    return text.length;
  }
}
