import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { EntryInfo } from 'e2b';
import { EntryType, ExecOptions, ExecOutcome, Sandbox, SandboxListing, SandboxStat, WORKSPACE } from '../sandbox';
import { SandboxFileError } from '../sandbox-errors';
import { resolveInWorkspace } from '../workspace-path';
import { E2bCommandHandle, E2bModule, E2bSandboxHandle } from './e2b-sdk';
import { RunningCommands } from './running-commands';
import { SandboxLifetimes } from './sandbox-lifetimes';

/** Extra time the SDK's own command timeout allows beyond ours, so ours always fires first. */
const SDK_TIMEOUT_MARGIN_MS = 10_000;
/** Packing or unpacking a workspace of a few hundred MB inside the VM. */
const ARCHIVE_TIMEOUT_MS = 15 * 60_000;
const COMMAND_ENV = { HOME: WORKSPACE, LANG: 'C.UTF-8', TERM: 'dumb' };

/** envd reports a link by its target's type (undefined when dangling or special); the tools must know it is a link. */
function entryType(info: EntryInfo, followLinks: boolean): EntryType {
  if (info.symlinkTarget !== undefined && !followLinks) return 'symlink';
  switch (info.type as string | undefined) {
    case 'file': return 'file';
    case 'dir': return 'directory';
    default: return 'other';
  }
}

/** find's -name pattern matching exactly `name`: its wildcards escaped. */
function literalPattern(name: string): string {
  return name.replace(/[\\*?[\]]/g, '\\$&');
}

/** Single-quoted for bash. */
function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * A sandbox in an e2b micro-VM. The VM belongs to one run, so paths are confined by their
 * text only: a symbolic link that leaves the workspace still lands in the run's own VM.
 */
export class E2bSandbox extends Sandbox {
  readonly root = WORKSPACE;

  constructor(
    private readonly sdk: E2bSandboxHandle,
    private readonly lib: E2bModule,
    /** Shared by every E2bSandbox of the provider, by sandbox id. */
    private readonly commands: RunningCommands,
    private readonly lifetimes: SandboxLifetimes,
  ) {
    super();
  }

  /** The id of the sandbox the SDK handed back (after a connect, the one to store). */
  get id(): string {
    return this.sdk.sandboxId;
  }

  /**
   * Tracked before it starts, so a stopCommands that comes while e2b is starting it still
   * ends it (killed as soon as its handle arrives).
   */
  async exec(command: string, opts: ExecOptions): Promise<ExecOutcome> {
    if (opts.signal?.aborted) return { kind: 'aborted' };
    await this.lifetimes.extendOnUse(this.sdk);
    let handle: E2bCommandHandle | undefined;
    let stopped: 'timed_out' | 'aborted' | undefined;
    // SIGKILL to the command's process; what it left in the background goes with the VM.
    const kill = () => handle?.kill().catch(() => undefined);
    const stop = (why: 'timed_out' | 'aborted') => {
      if (stopped) return;
      stopped = why;
      void kill();
    };
    let ended!: () => void;
    this.commands.add(this.id, { stop: () => stop('aborted'), ended: new Promise<void>((resolve) => (ended = resolve)) });
    const timer = setTimeout(() => stop('timed_out'), opts.timeoutMs);
    const onAbort = () => stop('aborted');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      handle = await this.sdk.commands.run(command, {
        background: true,
        cwd: this.root,
        envs: COMMAND_ENV,
        timeoutMs: opts.timeoutMs + SDK_TIMEOUT_MARGIN_MS,
        onStdout: (data) => opts.onOutput('stdout', data),
        onStderr: (data) => opts.onOutput('stderr', data),
      });
      if (stopped) void kill();
      const result = await handle.wait();
      return stopped ? { kind: stopped } : { kind: 'exited', exitCode: result.exitCode };
    } catch (err) {
      if (stopped) return { kind: stopped };
      if (err instanceof this.lib.CommandExitError) return { kind: 'exited', exitCode: err.exitCode };
      throw err;
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      ended();
    }
  }

  async readFile(input: string): Promise<Uint8Array> {
    const file = this.resolve(input);
    await this.lifetimes.extendOnUse(this.sdk);
    try {
      return await this.sdk.files.read(file, { format: 'bytes' });
    } catch (err) {
      this.rethrow(err, input);
    }
  }

  async *readStream(input: string): AsyncIterable<Uint8Array> {
    const file = this.resolve(input);
    await this.lifetimes.extendOnUse(this.sdk);
    let stream: ReadableStream<Uint8Array>;
    try {
      stream = await this.sdk.files.read(file, { format: 'stream' });
    } catch (err) {
      this.rethrow(err, input);
    }
    yield* drain(stream);
  }

  async writeFile(input: string, data: string | Uint8Array): Promise<void> {
    const file = this.resolve(input);
    await this.lifetimes.extendOnUse(this.sdk);
    try {
      // The SDK makes the parent folders.
      await this.sdk.files.write(file, typeof data === 'string' ? data : new Blob([data]));
    } catch (err) {
      this.rethrow(err, input);
    }
  }

  async list(input: string, maxEntries: number): Promise<SandboxListing> {
    const dir = this.resolve(input);
    await this.lifetimes.extendOnUse(this.sdk);
    let entries: EntryInfo[];
    try {
      entries = await this.sdk.files.list(dir, { depth: 1 });
    } catch (err) {
      this.rethrow(err, input);
    }
    return {
      entries: entries.slice(0, maxEntries).map((e) => ({ name: e.name, type: entryType(e, false), size: e.size, mtimeMs: e.modifiedTime?.getTime() })),
      complete: entries.length <= maxEntries,
    };
  }

  async stat(input: string): Promise<SandboxStat | null> {
    const file = this.resolve(input);
    await this.lifetimes.extendOnUse(this.sdk);
    try {
      let info = await this.sdk.files.getInfo(file);
      // envd describes a link itself (its size is the link's); stat follows it.
      if (info.symlinkTarget !== undefined) info = await this.sdk.files.getInfo(info.symlinkTarget);
      return { type: entryType(info, true), size: info.size, mtimeMs: info.modifiedTime?.getTime() };
    } catch (err) {
      if (err instanceof this.lib.FileNotFoundError) return null;
      throw err;
    }
  }

  /**
   * Packed inside the VM into a temporary file and streamed out, so neither side holds the
   * archive whole. Only files, folders and symbolic links go in, as the snapshot manifest
   * accepts nothing else: a hard link is packed as a file of its own (--hard-dereference),
   * a FIFO, socket or device is left out. find lists them (an excluded name is pruned at any
   * depth, matched literally) and tar packs that list only (--no-recursion).
   */
  async *exportWorkspace(exclude: readonly string[]): AsyncIterable<Uint8Array> {
    await this.lifetimes.extendOnUse(this.sdk);
    const archive = `/tmp/cofounder-export-${randomUUID()}.tar.gz`;
    try {
      const pruned = exclude.map((name) => `-name ${quote(literalPattern(name))} -prune -o `).join('');
      const list = `find . ${pruned}\\( -type f -o -type d -o -type l \\) -print0`;
      // Exit code 1 is tar's "a file changed as it was read": the archive is whole, that file as tar saw it.
      // --ignore-failed-read: a file removed between the listing and the packing is left out, not a failed snapshot.
      const pack = `tar -czf ${archive} --null --no-recursion --hard-dereference --ignore-failed-read -T -`;
      await this.runScript(`cd ${WORKSPACE} && ${list} | ${pack} || [ $? -eq 1 ]`, 'packing the workspace');
      yield* drain(await this.sdk.files.read(archive, { format: 'stream' }));
    } finally {
      await this.sdk.files.remove(archive);
    }
  }

  /**
   * The archive is uploaded as a stream: the SDK sends a ReadableStream as it reads it
   * (application/octet-stream), except against an envd older than 0.5.7, where it falls back
   * to multipart and holds the whole archive in memory first; nothing here can bound that.
   *
   * Unpacked into a folder beside the workspace, then swapped in, so a broken archive leaves
   * the workspace as it was. GNU tar refuses members with `..` and strips a leading `/`; a
   * link pointing outside (absolute or with `..`) is written as a placeholder until the end
   * of the extraction, so no member is written through it. -p keeps the modes as archived
   * (a user's tar would apply its umask).
   */
  async importWorkspace(archive: AsyncIterable<Uint8Array>): Promise<void> {
    await this.stopCommands();
    await this.lifetimes.extendOnUse(this.sdk);
    const id = randomUUID();
    const upload = `/tmp/cofounder-import-${id}.tar.gz`;
    const staging = `${path.posix.dirname(WORKSPACE)}/.cofounder-import-${id}`;
    try {
      await this.sdk.files.write(upload, ReadableStream.from(archive));
      await this.runScript(
        [
          'set -e',
          `mkdir ${staging}`,
          `tar -xzpf ${upload} -C ${staging}`,
          `find ${WORKSPACE} -mindepth 1 -maxdepth 1 -exec rm -rf -- {} +`,
          `find ${staging} -mindepth 1 -maxdepth 1 -exec mv -t ${WORKSPACE} -- {} +`,
        ].join('\n'),
        'unpacking the workspace',
      );
    } finally {
      await this.runScript(`rm -rf ${upload} ${staging}`, 'removing the unpacked archive');
    }
  }

  /**
   * Whichever E2bSandbox of this process started them. envd kills each command's own process:
   * what it left running in the background is frozen by a pause or ended by a kill, not here.
   */
  async stopCommands(): Promise<void> {
    await this.commands.stopAll(this.id);
  }

  /** e2b then keeps the VM's memory and disk until connect. */
  async pause(): Promise<void> {
    await this.stopCommands();
    await this.sdk.pause();
    this.lifetimes.forget(this.id);
  }

  /** e2b resumes a paused sandbox when a client connects to it. */
  async resume(): Promise<void> {
    await this.sdk.connect({ timeoutMs: this.lifetimes.timeoutMs });
    this.lifetimes.extended(this.id);
  }

  /** The commands end with the VM; stopped first, their exec says aborted rather than failing. */
  async kill(): Promise<void> {
    const stopped = this.stopCommands();
    await this.sdk.kill();
    await stopped;
    this.lifetimes.forget(this.id);
  }

  /** Our own housekeeping inside the VM; a failure is ours, not the model's, so it throws. */
  private async runScript(script: string, what: string): Promise<void> {
    const handle = await this.sdk.commands.run(script, { background: true, cwd: '/', envs: COMMAND_ENV, timeoutMs: ARCHIVE_TIMEOUT_MS });
    try {
      await handle.wait();
    } catch (err) {
      if (err instanceof this.lib.CommandExitError) throw new Error(`${what} failed (exit ${err.exitCode}): ${err.stderr.slice(-2000)}`, { cause: err });
      throw err;
    }
  }

  private resolve(input: string): string {
    return resolveInWorkspace(this.root, input, path.posix);
  }

  private rethrow(err: unknown, input: string): never {
    if (err instanceof this.lib.FileNotFoundError) throw new SandboxFileError('not_found', input, { cause: err });
    throw err;
  }
}

async function* drain(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel();
  }
}
