import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Parser, ReadEntry } from 'tar';
import { createGunzip } from 'node:zlib';
import { checkEntry } from './archive-entry';

export type ManifestEntry =
  | { path: string; type: 'file'; mode: number; size: number; sha256: string }
  | { path: string; type: 'directory'; mode: number }
  | { path: string; type: 'symlink'; target: string };

/** What a snapshot holds, entry by entry, in archive order. */
export interface SnapshotManifest {
  version: 1;
  files: number;
  /** The files' bytes, unpacked. */
  bytes: number;
  entries: ManifestEntry[];
}

/**
 * Reads a gzip'd tar as it streams past (to the store) and lists what it holds, hashing each
 * file on the way: whichever provider made the archive, in whatever VM, the manifest is made
 * here the same way. An entry a restore would refuse fails the manifest, so such an archive
 * is never registered as a snapshot.
 */
export class ManifestBuilder {
  private readonly gunzip = createGunzip();
  private readonly parser = new Parser({ strict: true });
  private readonly entries: ManifestEntry[] = [];
  private files = 0;
  private bytes = 0;
  private failure: unknown = null;
  private readonly parsed: Promise<void>;

  constructor() {
    this.parsed = new Promise<void>((resolve, reject) => {
      const fail = (err: unknown) => {
        this.failure ??= err;
        reject(this.failure);
      };
      this.gunzip.on('error', fail);
      this.parser.on('error', fail);
      this.parser.on('end', resolve);
    });
    // Rejections are read by finish(); until then they must not count as unhandled.
    this.parsed.catch(() => undefined);
    this.gunzip.on('data', (chunk: Buffer) => this.parser.write(chunk));
    this.gunzip.on('end', () => this.parser.end());
    this.parser.on('entry', (entry: ReadEntry) => {
      try {
        this.add(entry);
      } catch (err) {
        this.parser.emit('error', err);
        entry.resume();
      }
    });
  }

  /** Takes the next piece of the archive; waits while the unzip is behind. */
  async write(chunk: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.gunzip.write(chunk)) await Promise.race([once(this.gunzip, 'drain'), this.parsed]);
    if (this.failure) throw this.failure;
  }

  async finish(): Promise<SnapshotManifest> {
    this.gunzip.end();
    await this.parsed;
    return { version: 1, files: this.files, bytes: this.bytes, entries: this.entries };
  }

  private add(entry: ReadEntry): void {
    const checked = checkEntry(entry);
    if (!checked) return entry.resume();
    const { path, kind, mode } = checked;
    if (kind === 'directory') this.entries.push({ path, type: 'directory', mode });
    if (kind === 'symlink') this.entries.push({ path, type: 'symlink', target: entry.linkpath ?? '' });
    if (kind !== 'file') return entry.resume();
    const hash = createHash('sha256');
    let size = 0;
    entry.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    entry.on('end', () => {
      this.entries.push({ path, type: 'file', mode, size, sha256: hash.digest('hex') });
      this.files += 1;
      this.bytes += size;
    });
  }
}
