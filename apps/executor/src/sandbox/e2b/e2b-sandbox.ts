import path from 'node:path';
import type { FileType, Sandbox as E2bSdkSandbox } from 'e2b';
import { EntryType, ExecOptions, ExecOutcome, Sandbox, SandboxListing, SandboxStat } from '../sandbox';
import { SandboxFileError } from '../sandbox-errors';
import { SandboxUnsupported } from '../sandbox-unsupported';
import { resolveInWorkspace } from '../workspace-path';

/** Where the workspace lives inside an e2b sandbox (the template's user home holds it). */
export const E2B_WORKSPACE = '/home/user/workspace';

/** Extra time the SDK's own command timeout allows beyond ours, so ours always fires first. */
const SDK_TIMEOUT_MARGIN_MS = 10_000;

/** The SDK's module, loaded only when the e2b provider is in use (see E2bSandboxProvider). */
export type E2bSdk = Pick<typeof import('e2b'), 'Sandbox' | 'CommandExitError' | 'FileNotFoundError'>;

function entryType(type: FileType | undefined): EntryType {
  switch (type as string | undefined) {
    case 'file': return 'file';
    case 'dir': return 'directory';
    case 'symlink': return 'symlink';
    default: return 'other';
  }
}

/**
 * A sandbox in an e2b micro-VM. The VM belongs to one run, so paths are confined by their
 * text only: a symbolic link that leaves the workspace still lands in the run's own VM.
 */
export class E2bSandbox extends Sandbox {
  readonly root = E2B_WORKSPACE;

  constructor(private readonly sdk: E2bSdkSandbox, private readonly lib: E2bSdk) {
    super();
  }

  get id(): string {
    return this.sdk.sandboxId;
  }

  async exec(command: string, opts: ExecOptions): Promise<ExecOutcome> {
    if (opts.signal?.aborted) return { kind: 'aborted' };
    const handle = await this.sdk.commands.run(command, {
      background: true,
      cwd: this.root,
      envs: { HOME: this.root, LANG: 'C.UTF-8', TERM: 'dumb' },
      timeoutMs: opts.timeoutMs + SDK_TIMEOUT_MARGIN_MS,
      onStdout: (data) => opts.onOutput('stdout', data),
      onStderr: (data) => opts.onOutput('stderr', data),
    });
    let stopped: 'timed_out' | 'aborted' | undefined;
    const stop = (why: 'timed_out' | 'aborted') => {
      stopped ??= why;
      // e2b sends SIGKILL to the command's process; what it left in the background goes with the VM.
      void handle.kill();
    };
    const timer = setTimeout(() => stop('timed_out'), opts.timeoutMs);
    const onAbort = () => stop('aborted');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await handle.wait();
      return stopped ? { kind: stopped } : { kind: 'exited', exitCode: result.exitCode };
    } catch (err) {
      if (stopped) return { kind: stopped };
      if (err instanceof this.lib.CommandExitError) return { kind: 'exited', exitCode: err.exitCode };
      throw err;
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  async readFile(input: string): Promise<Uint8Array> {
    const file = resolveInWorkspace(this.root, input, path.posix);
    try {
      return await this.sdk.files.read(file, { format: 'bytes' });
    } catch (err) {
      this.rethrow(err, input);
    }
  }

  async *readStream(input: string): AsyncIterable<Uint8Array> {
    const file = resolveInWorkspace(this.root, input, path.posix);
    let stream: ReadableStream<Uint8Array>;
    try {
      stream = await this.sdk.files.read(file, { format: 'stream' });
    } catch (err) {
      this.rethrow(err, input);
    }
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

  async writeFile(input: string, data: string | Uint8Array): Promise<void> {
    const file = resolveInWorkspace(this.root, input, path.posix);
    try {
      await this.sdk.files.makeDir(path.posix.dirname(file));
      await this.sdk.files.write(file, typeof data === 'string' ? data : new Blob([data]));
    } catch (err) {
      this.rethrow(err, input);
    }
  }

  async list(input: string, maxEntries: number): Promise<SandboxListing> {
    const dir = resolveInWorkspace(this.root, input, path.posix);
    try {
      const entries = await this.sdk.files.list(dir, { depth: 1 });
      return {
        entries: entries.slice(0, maxEntries).map((e) => ({
          name: e.name,
          // The SDK reports a link by its target's type; the tools must know it is a link.
          type: e.symlinkTarget ? 'symlink' : entryType(e.type),
          size: e.size,
          mtimeMs: e.modifiedTime?.getTime(),
        })),
        complete: entries.length <= maxEntries,
      };
    } catch (err) {
      this.rethrow(err, input);
    }
  }

  async stat(input: string): Promise<SandboxStat | null> {
    const file = resolveInWorkspace(this.root, input, path.posix);
    try {
      const info = await this.sdk.files.getInfo(file);
      return { type: entryType(info.type), size: info.size, mtimeMs: info.modifiedTime?.getTime() };
    } catch (err) {
      if (err instanceof this.lib.FileNotFoundError) return null;
      throw err;
    }
  }

  async pause(): Promise<void> {
    await this.sdk.pause();
  }

  /** e2b resumes a paused sandbox when a client connects to it. */
  async resume(): Promise<void> {
    await this.sdk.connect();
  }

  exportWorkspace(): AsyncIterable<Uint8Array> {
    throw new SandboxUnsupported('e2b', 'exporting the workspace');
  }

  importWorkspace(): Promise<void> {
    return Promise.reject(new SandboxUnsupported('e2b', 'importing a workspace'));
  }

  async kill(): Promise<void> {
    await this.sdk.kill();
  }

  private rethrow(err: unknown, input: string): never {
    if (err instanceof this.lib.FileNotFoundError) throw new SandboxFileError('not_found', input, { cause: err });
    throw err;
  }
}
