import { constants } from 'node:fs';
import { chmod, lutimes, mkdir, open, symlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Parser, ReadEntry } from 'tar';
import { checkEntry, CheckedEntry } from './archive-entry';
import { ArchiveRefused } from './snapshot-errors';

// O_EXCL: never opens what is already there, a symbolic link least of all.
const CREATE_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

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
 */
export async function unpackIntoFolder(root: string, archive: AsyncIterable<Uint8Array>): Promise<UnpackSummary> {
  const writer = new FolderWriter(root);
  const parser = new Parser({ strict: true });
  const queue = new EntryQueue(parser, (entry) => writer.write(entry));
  await pipeline(Readable.from(archive), createGunzip(), async (tarBytes: AsyncIterable<Buffer>) => {
    for await (const chunk of tarBytes) {
      queue.check();
      if (!parser.write(chunk)) await queue.drained();
    }
    parser.end();
    await queue.ended();
  });
  await writer.finish();
  return writer.summary;
}

/**
 * Hands the parser's entries, one at a time, to an async writer; the parser emits the next
 * entry only once the last one is read, so at most one file's data is in flight.
 */
class EntryQueue {
  private work: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private readonly failed: Promise<never>;
  private readonly end: Promise<void>;

  constructor(private readonly parser: Parser, write: (entry: ReadEntry) => Promise<void>) {
    let fail!: (err: unknown) => void;
    this.failed = new Promise<never>((_resolve, reject) => {
      fail = (err) => {
        this.failure ??= err;
        reject(this.failure);
      };
    });
    this.failed.catch(() => undefined);
    parser.on('error', fail);
    parser.on('entry', (entry: ReadEntry) => {
      this.work = this.work.then(() => (this.failure ? void entry.resume() : write(entry))).catch((err) => {
        entry.resume();
        fail(err);
      });
    });
    this.end = new Promise<void>((resolve) => parser.on('end', resolve));
  }

  check(): void {
    if (this.failure) throw this.failure;
  }

  drained(): Promise<void> {
    return Promise.race([new Promise<void>((resolve) => this.parser.once('drain', resolve)), this.failed]);
  }

  async ended(): Promise<void> {
    await Promise.race([this.end, this.failed]);
    await Promise.race([this.work, this.failed]);
    this.check();
  }
}

type Written = 'directory' | 'file' | 'symlink';

class FolderWriter {
  readonly summary: UnpackSummary = { files: 0, bytes: 0 };
  private readonly written = new Map<string, Written>([['', 'directory']]);
  private readonly folders: { path: string; mode: number; mtime?: Date }[] = [];

  constructor(private readonly root: string) {}

  async write(entry: ReadEntry): Promise<void> {
    const checked = checkEntry(entry);
    if (!checked) return void entry.resume();
    await this.makeParents(checked.path);
    const target = path.join(this.root, checked.path);
    switch (checked.kind) {
      case 'directory': return this.writeFolder(entry, checked, target);
      case 'file': return this.writeFile(entry, checked, target);
      case 'symlink': return this.writeLink(entry, checked, target);
    }
  }

  /** Read-only folders last, deepest first, once nothing more goes into them. */
  async finish(): Promise<void> {
    for (const folder of this.folders.reverse()) {
      await chmod(path.join(this.root, folder.path), folder.mode);
      if (folder.mtime) await utimes(path.join(this.root, folder.path), folder.mtime, folder.mtime);
    }
  }

  private async writeFolder(entry: ReadEntry, checked: CheckedEntry, target: string): Promise<void> {
    entry.resume();
    const existing = this.written.get(checked.path);
    if (existing && existing !== 'directory') throw new ArchiveRefused(entry.path, `a folder over the ${existing} written before`);
    if (!existing) {
      await mkdir(target, { mode: 0o700 });
      this.written.set(checked.path, 'directory');
    }
    this.folders.push({ path: checked.path, mode: checked.mode, mtime: entry.mtime });
  }

  private async writeFile(entry: ReadEntry, checked: CheckedEntry, target: string): Promise<void> {
    this.refuseRepeat(entry, checked);
    this.written.set(checked.path, 'file');
    const handle = await open(target, CREATE_FILE, 0o600);
    try {
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        await handle.write(chunk);
        this.summary.bytes += chunk.length;
      }
      await handle.chmod(checked.mode);
      if (entry.mtime) await handle.utimes(entry.mtime, entry.mtime);
    } finally {
      await handle.close();
    }
    this.summary.files += 1;
  }

  /** The link is made as it is, wherever it points: it is never followed here. */
  private async writeLink(entry: ReadEntry, checked: CheckedEntry, target: string): Promise<void> {
    entry.resume();
    this.refuseRepeat(entry, checked);
    if (!entry.linkpath) throw new ArchiveRefused(entry.path, 'a symbolic link without a target');
    this.written.set(checked.path, 'symlink');
    await symlink(entry.linkpath, target);
    if (entry.mtime) await lutimes(target, entry.mtime, entry.mtime);
  }

  private refuseRepeat(entry: ReadEntry, checked: CheckedEntry): void {
    const existing = this.written.get(checked.path);
    if (existing) throw new ArchiveRefused(entry.path, `written twice (a ${existing} first)`);
  }

  /** Folders the archive did not list before their contents; anything else in the way is refused. */
  private async makeParents(entryPath: string): Promise<void> {
    const segments = entryPath.split('/');
    for (let i = 1; i < segments.length; i += 1) {
      const parent = segments.slice(0, i).join('/');
      const existing = this.written.get(parent);
      if (existing === 'directory') continue;
      if (existing) throw new ArchiveRefused(entryPath, `it goes through the ${existing} ${parent}`);
      await mkdir(path.join(this.root, parent), { mode: 0o700 });
      this.written.set(parent, 'directory');
      this.folders.push({ path: parent, mode: 0o755 });
    }
  }
}
