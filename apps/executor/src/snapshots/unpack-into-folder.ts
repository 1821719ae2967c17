import { closeSync, constants, fchmodSync, futimesSync, lutimesSync, mkdirSync, openSync, symlinkSync, writeSync, chmodSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { Parser, ReadEntry } from 'tar';
import { checkEntry, CheckedEntry } from './archive-entry';
import { ArchiveRefused } from './snapshot-errors';

// O_EXCL: never opens what is already there, a symbolic link least of all.
const CREATE_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
// The parser inflates each write at once, so a piece of 16 KB bounds what one write holds
// (gzip's worst ratio is about 1:1030, some 16 MB), whatever size the store's chunks are.
const PIECE = 16 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];

export interface UnpackSummary {
  files: number;
  bytes: number;
}

/**
 * Writes a gzip'd tar (as packFolder or a provider's own tar makes it) into an empty folder,
 * as it streams in. Every entry goes through checkEntry, and every parent of an entry must be a
 * folder this restore made itself: a path through a symbolic link of the archive (`link/x`
 * with `link -> /etc`) is refused, as is writing over an entry already written. Folder modes are
 * set last, so a read-only folder still receives its files. The folder must be empty and no
 * process may write in it meanwhile (a paused sandbox).
 *
 * Inflating, parsing and writing are synchronous: each file system call takes microseconds
 * on a local disk, while a trip to the thread pool per call (open, write, chmod, utimes,
 * close for every file) made a restore of many small files several times slower than tar.
 * The event loop gets its turn at every chunk the store hands over, and each file's data is
 * written as it is inflated, so memory stays at a few chunks whatever the archive's size.
 */
export async function unpackIntoFolder(root: string, archive: AsyncIterable<Uint8Array>): Promise<UnpackSummary> {
  const writer = new FolderWriter(root);
  // Gzip only, as before: no guessing at brotli or zstd. A workspace of zeros inflates far
  // past tar's default ratio limit and is still a workspace.
  const parser = new Parser({ strict: true, brotli: false, zstd: false, maxDecompressionRatio: Infinity });
  let ended = false;
  parser.on('error', (err: unknown) => writer.fail(err));
  parser.on('end', () => (ended = true));
  parser.on('entry', (entry: ReadEntry) => writer.write(entry));
  try {
    let seen = 0;
    for await (const chunk of archive) {
      seen = requireGzip(chunk, seen);
      for (let at = 0; at < chunk.length && !writer.failed; at += PIECE) parser.write(Buffer.from(chunk.buffer, chunk.byteOffset + at, Math.min(PIECE, chunk.length - at)));
      writer.throwIfFailed();
    }
    parser.end();
    writer.throwIfFailed();
    if (!ended) throw new ArchiveRefused('', 'the archive ends before its last entry');
  } finally {
    writer.abandon();
  }
  writer.finish();
  return writer.summary;
}

/** How many of the gzip magic bytes have been seen; anything else is not a gzip'd archive. */
function requireGzip(chunk: Uint8Array, seen: number): number {
  for (let i = 0; seen < GZIP_MAGIC.length && i < chunk.length; i += 1, seen += 1) {
    if (chunk[i] !== GZIP_MAGIC[seen]) throw new ArchiveRefused('', 'not a gzip\'d archive');
  }
  return seen;
}

type Written = 'directory' | 'file' | 'symlink';

/**
 * Called back by the parser, synchronously, for each entry and each piece of a file: the
 * first failure is kept (and the rest of the archive only read past) for the caller to throw
 * once the parser returns, so no error unwinds through the parser's own code.
 */
class FolderWriter {
  readonly summary: UnpackSummary = { files: 0, bytes: 0 };
  private readonly written = new Map<string, Written>([['', 'directory']]);
  private readonly folders: { path: string; mode: number; mtime?: Date }[] = [];
  private failure: { error: unknown } | null = null;
  /** The file being written, closed by abandon if the archive stops inside it. */
  private openFile: number | null = null;

  constructor(private readonly root: string) {}

  get failed(): boolean {
    return this.failure !== null;
  }

  fail(error: unknown): void {
    this.failure ??= { error };
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  write(entry: ReadEntry): void {
    if (this.failure) return void entry.resume();
    try {
      const checked = checkEntry(entry);
      if (!checked) return void entry.resume();
      this.makeParents(checked.path);
      const target = path.join(this.root, checked.path);
      switch (checked.kind) {
        case 'directory': return this.writeFolder(entry, checked, target);
        case 'file': return this.writeFile(entry, checked, target);
        case 'symlink': return this.writeLink(entry, checked, target);
      }
    } catch (err) {
      this.fail(err);
      entry.resume();
    }
  }

  /** Read-only folders last, deepest first, once nothing more goes into them. */
  finish(): void {
    for (const folder of this.folders.reverse()) {
      chmodSync(path.join(this.root, folder.path), folder.mode);
      if (folder.mtime) utimesSync(path.join(this.root, folder.path), folder.mtime, folder.mtime);
    }
  }

  abandon(): void {
    if (this.openFile === null) return;
    closeSync(this.openFile);
    this.openFile = null;
  }

  private writeFolder(entry: ReadEntry, checked: CheckedEntry, target: string): void {
    entry.resume();
    const existing = this.written.get(checked.path);
    if (existing && existing !== 'directory') throw new ArchiveRefused(entry.path, `a folder over the ${existing} written before`);
    if (!existing) {
      mkdirSync(target, { mode: 0o700 });
      this.written.set(checked.path, 'directory');
    }
    this.folders.push({ path: checked.path, mode: checked.mode, mtime: entry.mtime });
  }

  /** Each piece goes to disk as the parser hands it over; the mode and mtime once it ends. */
  private writeFile(entry: ReadEntry, checked: CheckedEntry, target: string): void {
    this.refuseRepeat(entry, checked);
    this.written.set(checked.path, 'file');
    const fd = openSync(target, CREATE_FILE, 0o600);
    this.openFile = fd;
    entry.on('data', (piece: Buffer) => {
      if (this.failure) return;
      this.guard(() => {
        writeAll(fd, piece);
        this.summary.bytes += piece.length;
      });
    });
    entry.on('end', () => {
      if (this.openFile !== fd) return; // closed by a failure
      this.guard(() => {
        fchmodSync(fd, checked.mode);
        if (entry.mtime) futimesSync(fd, entry.mtime, entry.mtime);
        this.abandon();
        this.summary.files += 1;
      });
    });
  }

  /** The link is made as it is, wherever it points: it is never followed here. */
  private writeLink(entry: ReadEntry, checked: CheckedEntry, target: string): void {
    entry.resume();
    this.refuseRepeat(entry, checked);
    if (!entry.linkpath) throw new ArchiveRefused(entry.path, 'a symbolic link without a target');
    this.written.set(checked.path, 'symlink');
    symlinkSync(entry.linkpath, target);
    if (entry.mtime) lutimesSync(target, entry.mtime, entry.mtime);
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch (err) {
      this.fail(err);
      this.abandon();
    }
  }

  private refuseRepeat(entry: ReadEntry, checked: CheckedEntry): void {
    const existing = this.written.get(checked.path);
    if (existing) throw new ArchiveRefused(entry.path, `written twice (a ${existing} first)`);
  }

  /** Folders the archive did not list before their contents; anything else in the way is refused. */
  private makeParents(entryPath: string): void {
    const segments = entryPath.split('/');
    for (let i = 1; i < segments.length; i += 1) {
      const parent = segments.slice(0, i).join('/');
      const existing = this.written.get(parent);
      if (existing === 'directory') continue;
      if (existing) throw new ArchiveRefused(entryPath, `it goes through the ${existing} ${parent}`);
      mkdirSync(path.join(this.root, parent), { mode: 0o700 });
      this.written.set(parent, 'directory');
      this.folders.push({ path: parent, mode: 0o755 });
    }
  }
}

function writeAll(fd: number, data: Buffer): void {
  for (let at = 0; at < data.length; ) at += writeSync(fd, data, at, data.length - at);
}
