import { createReadStream } from 'node:fs';
import { lstat, mkdir, opendir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ExecOptions, ExecOutcome, EntryType, Sandbox, SandboxEntry, SandboxListing, SandboxStat } from '../sandbox';
import { rethrowAsFileError } from '../sandbox-errors';
import { resolveConfined } from '../workspace-path';
import { emptyFolder } from '../../snapshots/empty-folder';
import { packFolder } from '../../snapshots/pack-folder';
import { unpackIntoFolder } from '../../snapshots/unpack-into-folder';
import { bwrapArgs } from './bwrap';
import { runInProcessGroup } from './process-group';

export interface LocalSandboxOptions {
  /** The workspace folder, a realpath. */
  root: string;
  /** The PATH commands get (never the executor's environment: it holds our secrets). */
  searchPath: string;
  memoryLimitMb: number;
  /** bubblewrap's path when it is installed; without it commands run unconfined on the host. */
  bwrap: string | null;
  /** Read-only folders bubblewrap must add, e.g. where node lives. */
  readOnly: string[];
}

/** A workspace folder on this machine; commands run with `bash -c` inside it. */
export class LocalSandbox extends Sandbox {
  readonly id: string;
  readonly root: string;
  private readonly lifetime = new AbortController();

  constructor(id: string, private readonly opts: LocalSandboxOptions) {
    super();
    this.id = id;
    this.root = opts.root;
  }

  exec(command: string, opts: ExecOptions): Promise<ExecOutcome> {
    const signal = opts.signal ? AbortSignal.any([opts.signal, this.lifetime.signal]) : this.lifetime.signal;
    const [file, args] = this.commandLine(command);
    return runInProcessGroup(file, args, {
      cwd: this.root,
      env: { PATH: this.opts.searchPath, HOME: this.root, LANG: 'C.UTF-8', TERM: 'dumb' },
      timeoutMs: opts.timeoutMs,
      signal,
      onOutput: opts.onOutput,
    });
  }

  /**
   * `bash -c` with a data-segment limit (RLIMIT_DATA, which counts what a program allocates
   * but not the address space node reserves, so node still starts), set before the command
   * replaces the shell; the command text stays the shell's first argument, untouched.
   */
  private commandLine(command: string): [string, string[]] {
    const limitKb = this.opts.memoryLimitMb * 1024;
    const bash = ['bash', '-c', `ulimit -d ${limitKb} && exec bash -c "$0"`, command];
    if (!this.opts.bwrap) return [bash[0], bash.slice(1)];
    return [this.opts.bwrap, bwrapArgs({ workspace: this.root, readOnly: this.opts.readOnly }, bash)];
  }

  async readFile(input: string): Promise<Uint8Array> {
    const file = await resolveConfined(this.root, input);
    try {
      return await readFile(file);
    } catch (err) {
      rethrowAsFileError(err, input);
    }
  }

  async *readStream(input: string): AsyncIterable<Uint8Array> {
    const file = await resolveConfined(this.root, input);
    try {
      for await (const chunk of createReadStream(file)) yield chunk as Buffer;
    } catch (err) {
      rethrowAsFileError(err, input);
    }
  }

  async writeFile(input: string, data: string | Uint8Array): Promise<void> {
    const file = await resolveConfined(this.root, input);
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, data);
    } catch (err) {
      rethrowAsFileError(err, input);
    }
  }

  async list(input: string, maxEntries: number): Promise<SandboxListing> {
    const dir = await resolveConfined(this.root, input);
    const entries: SandboxEntry[] = [];
    try {
      // opendir streams the folder, so a folder of a million files costs maxEntries entries.
      for await (const dirent of await opendir(dir)) {
        if (entries.length === maxEntries) {
          await Promise.all(entries.map((e) => this.addDetails(dir, e)));
          return { entries, complete: false };
        }
        const type: EntryType = dirent.isDirectory() ? 'directory' : dirent.isFile() ? 'file' : dirent.isSymbolicLink() ? 'symlink' : 'other';
        entries.push({ name: dirent.name, type });
      }
    } catch (err) {
      rethrowAsFileError(err, input);
    }
    await Promise.all(entries.map((e) => this.addDetails(dir, e)));
    return { entries, complete: true };
  }

  /** Size and mtime of the entry itself (lstat); left out for one removed meanwhile. */
  private async addDetails(dir: string, entry: SandboxEntry): Promise<void> {
    try {
      const info = await lstat(path.join(dir, entry.name));
      entry.size = info.size;
      entry.mtimeMs = info.mtimeMs;
    } catch {
      // Gone since the folder was read: the entry stays, without details.
    }
  }

  async stat(input: string): Promise<SandboxStat | null> {
    const file = await resolveConfined(this.root, input);
    try {
      const info = await stat(file);
      return { type: info.isDirectory() ? 'directory' : info.isFile() ? 'file' : 'other', size: info.size, mtimeMs: info.mtimeMs };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      rethrowAsFileError(err, input);
    }
  }

  /**
   * Nothing to do: between tool calls a local workspace is only a folder, and commands end
   * with their call. (Background processes keep running; suspending them is not worth a
   * SIGSTOP bookkeeping for the local provider.)
   */
  async pause(): Promise<void> {}

  /** See pause(). */
  async resume(): Promise<void> {}

  exportWorkspace(exclude: readonly string[]): AsyncIterable<Uint8Array> {
    return packFolder(this.opts.root, exclude);
  }

  /** Into the folder itself (a bind mount), emptied first; see unpackIntoFolder for what is refused. */
  async importWorkspace(archive: AsyncIterable<Uint8Array>): Promise<void> {
    await emptyFolder(this.opts.root);
    await unpackIntoFolder(this.opts.root, archive);
  }

  async kill(): Promise<void> {
    this.lifetime.abort();
    await rm(this.root, { recursive: true, force: true });
  }
}
