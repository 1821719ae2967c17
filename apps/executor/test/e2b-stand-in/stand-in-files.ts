import { createWriteStream, Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntryInfo, FileType } from 'e2b';
import { E2bFiles } from '../../src/sandbox/e2b/e2b-sdk';
import { FileNotFoundError, SandboxError } from './stand-in-errors';
import { HOME, hostPath, Vm } from './stand-in-vm';

const MAX_LINKS = 40;

/** envd's file service over the sandbox's folders: paths as the VM's user sees them. */
export class StandInFiles implements E2bFiles {
  constructor(private readonly vm: () => Vm) {}

  read(file: string, opts: { format: 'bytes' }): Promise<Uint8Array>;
  read(file: string, opts: { format: 'stream' }): Promise<ReadableStream<Uint8Array>>;
  async read(file: string, opts: { format: 'bytes' | 'stream' }): Promise<Uint8Array | ReadableStream<Uint8Array>> {
    const { host } = await this.resolve(file, true);
    return fileErrors(file, async () => {
      if (opts.format === 'bytes') return new Uint8Array(await readFile(host));
      const handle = await open(host, 'r');
      if ((await handle.stat()).isDirectory()) {
        await handle.close();
        throw new SandboxError(`path '${file}' is a directory`);
      }
      return Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
    });
  }

  async write(file: string, data: string | ArrayBuffer | Blob | ReadableStream): Promise<{ name: string; type: FileType; path: string }> {
    const { host, sandbox } = await this.resolve(file, true);
    await fileErrors(file, async () => {
      await mkdir(path.dirname(host), { recursive: true });
      const source = data instanceof Blob ? Readable.fromWeb(data.stream() as never)
        : typeof data === 'string' ? Readable.from([Buffer.from(data)])
        : data instanceof ArrayBuffer ? Readable.from([Buffer.from(data)])
        : Readable.fromWeb(data as never);
      await pipeline(source, createWriteStream(host));
    });
    return { name: path.posix.basename(sandbox), type: 'file' as FileType, path: sandbox };
  }

  async list(dir: string, opts?: { depth?: number }): Promise<EntryInfo[]> {
    if ((opts?.depth ?? 1) !== 1) throw new SandboxError('the E2B stand-in lists one level only');
    const { host, sandbox } = await this.resolve(dir, true);
    const names = await fileErrors(dir, () => readdir(host));
    const entries = await Promise.all(names.sort().map((name) => this.entryInfo(path.posix.join(sandbox, name), path.join(host, name))));
    // As the SDK does: an entry of no known type (a dangling link, a socket) is left out.
    return entries.filter((e): e is EntryInfo => e !== null && e.type !== undefined);
  }

  async getInfo(file: string): Promise<EntryInfo> {
    const { host, sandbox } = await this.resolve(file, false);
    const info = await this.entryInfo(sandbox, host);
    if (!info) throw new FileNotFoundError(`file not found: ${file}`);
    return info;
  }

  async makeDir(dir: string): Promise<boolean> {
    const { host } = await this.resolve(dir, true);
    const existing = await stat(host).catch(() => null);
    if (existing?.isDirectory()) return false;
    await fileErrors(dir, () => mkdir(host, { recursive: true }));
    return true;
  }

  async remove(file: string): Promise<void> {
    const { host } = await this.resolve(file, false);
    await rm(host, { recursive: true, force: true });
  }

  /** As envd describes an entry: the link itself, with its resolved target and that target's type. */
  private async entryInfo(sandbox: string, host: string): Promise<EntryInfo | null> {
    let own: Stats;
    try {
      own = await lstat(host);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new SandboxError(String(err));
    }
    let typed: Stats | undefined = own;
    let symlinkTarget: string | undefined;
    if (own.isSymbolicLink()) {
      typed = undefined;
      try {
        const target = await this.resolve(sandbox, true);
        typed = await stat(target.host);
        symlinkTarget = target.sandbox;
      } catch {
        // A link to nowhere (or outside what the stand-in backs): no target, no type, as envd reports it.
      }
    }
    return {
      name: path.posix.basename(sandbox),
      type: (typed?.isFile() ? 'file' : typed?.isDirectory() ? 'dir' : undefined) as FileType | undefined,
      path: sandbox,
      size: own.size,
      mode: own.mode & 0o777,
      permissions: (own.mode & 0o777).toString(8),
      owner: 'user',
      group: 'user',
      modifiedTime: own.mtime,
      symlinkTarget,
    };
  }

  /**
   * The host path behind a path of the VM, following links as the VM would (an absolute
   * target means the VM's root, not the host's); the last part only when `followLast`.
   */
  private async resolve(input: string, followLast: boolean): Promise<{ sandbox: string; host: string }> {
    const vm = this.vm();
    const parts = path.posix.resolve(HOME, input).split('/').filter(Boolean);
    let resolved = '/';
    for (let links = 0; parts.length > 0; ) {
      const part = parts.shift()!;
      const next = part === '..' ? path.posix.dirname(resolved) : path.posix.join(resolved, part);
      const host = hostPath(vm, next);
      if (part === '..' || !host || (parts.length === 0 && !followLast)) {
        resolved = next;
        continue;
      }
      let target: string;
      try {
        target = await readlink(host);
      } catch {
        // Not a link (or not there yet): the path goes on through it.
        resolved = next;
        continue;
      }
      if (++links > MAX_LINKS) throw new SandboxError(`too many levels of symbolic links: ${input}`);
      parts.unshift(...target.split('/').filter(Boolean));
      if (target.startsWith('/')) resolved = '/';
    }
    const host = hostPath(vm, resolved);
    if (!host) throw new SandboxError(`the E2B stand-in backs only ${HOME} and /tmp, not ${resolved}`);
    return { sandbox: resolved, host };
  }
}

/** envd's answers for a file the VM does not have (404 / NotFound); anything else is a plain SandboxError. */
async function fileErrors<T>(file: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if (err instanceof SandboxError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new FileNotFoundError(`file not found: ${file}`);
    throw new SandboxError(`${file}: ${(err as Error).message}`);
  }
}
