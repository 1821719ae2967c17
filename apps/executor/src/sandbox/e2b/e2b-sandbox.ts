import path from 'node:path';
import type { EntryInfo } from 'e2b';
import { EntryType, ExecOptions, ExecOutcome, Sandbox, SandboxListing, SandboxStat, WORKSPACE } from '../sandbox';
import { SandboxFileError } from '../sandbox-errors';
import { resolveInWorkspace } from '../workspace-path';
import { drain } from './drain-stream';
import { E2bCommandRunner } from './e2b-command-runner';
import { E2bModule, E2bSandboxHandle } from './e2b-sdk';
import { E2bWorkspaceArchive } from './e2b-workspace-archive';
import { RunningCommands } from './running-commands';
import { SandboxLifetimes } from './sandbox-lifetimes';

/** envd reports a link by its target's type (undefined when dangling or special); the tools must know it is a link. */
function entryType(info: EntryInfo, followLinks: boolean): EntryType {
  if (info.symlinkTarget !== undefined && !followLinks) return 'symlink';
  switch (info.type as string | undefined) {
    case 'file': return 'file';
    case 'dir': return 'directory';
    default: return 'other';
  }
}

/**
 * A sandbox in an e2b micro-VM. The VM belongs to one run, so paths are confined by their
 * text only: a symbolic link that leaves the workspace still lands in the run's own VM.
 */
export class E2bSandbox extends Sandbox {
  readonly root = WORKSPACE;
  private readonly runner: E2bCommandRunner;
  private readonly archive: E2bWorkspaceArchive;

  constructor(
    private readonly sdk: E2bSandboxHandle,
    private readonly lib: E2bModule,
    /** Shared by every E2bSandbox of the provider, by sandbox id. */
    private readonly commands: RunningCommands,
    private readonly lifetimes: SandboxLifetimes,
  ) {
    super();
    this.runner = new E2bCommandRunner(sdk, lib, commands);
    this.archive = new E2bWorkspaceArchive(sdk, this.runner);
  }

  /** The id of the sandbox the SDK handed back (after a connect, the one to store). */
  get id(): string {
    return this.sdk.sandboxId;
  }

  async exec(command: string, opts: ExecOptions): Promise<ExecOutcome> {
    if (opts.signal?.aborted) return { kind: 'aborted' };
    await this.lifetimes.extendOnUse(this.sdk);
    return this.runner.exec(command, opts);
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

  async *exportWorkspace(exclude: readonly string[]): AsyncIterable<Uint8Array> {
    await this.lifetimes.extendOnUse(this.sdk);
    yield* this.archive.export(exclude);
  }

  /** The commands still running are stopped first: the workspace is replaced under them. */
  async importWorkspace(archive: AsyncIterable<Uint8Array>): Promise<void> {
    await this.stopCommands();
    await this.lifetimes.extendOnUse(this.sdk);
    await this.archive.import(archive);
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

  private resolve(input: string): string {
    return resolveInWorkspace(this.root, input, path.posix);
  }

  private rethrow(err: unknown, input: string): never {
    if (err instanceof this.lib.FileNotFoundError) throw new SandboxFileError('not_found', input, { cause: err });
    throw err;
  }
}
