import { ExecOptions, ExecOutcome, Sandbox, SandboxListing, SandboxStat } from '../src/sandbox/sandbox';
import { SandboxFileError } from '../src/sandbox/sandbox-errors';
import { resolveInWorkspace } from '../src/sandbox/workspace-path';

/** A sandbox whose files live in a Map, for unit tests of the tools; exec answers from a script. */
export class InMemorySandbox extends Sandbox {
  readonly id = 'in-memory';
  readonly root = '/workspace';
  readonly files = new Map<string, Uint8Array>();
  /** What exec does: emit output through the callback, then return an outcome. */
  onExec: (command: string, opts: ExecOptions) => Promise<ExecOutcome> = async () => ({ kind: 'exited', exitCode: 0 });
  /** A host path this sandbox hides in results, as a local sandbox hides its folder. */
  hostPath: string | null = null;
  /** Size of the chunks readStream hands out, to exercise chunk boundaries. */
  chunkSize = 7;

  override hideHostPaths(text: string): string {
    return this.hostPath ? text.split(this.hostPath).join('/home/user/project') : text;
  }

  exec(command: string, opts: ExecOptions): Promise<ExecOutcome> {
    return this.onExec(command, opts);
  }

  async readFile(path: string): Promise<Uint8Array> {
    const data = this.files.get(this.key(path));
    if (!data) throw new SandboxFileError('not_found', path);
    return data;
  }

  async *readStream(path: string): AsyncIterable<Uint8Array> {
    const data = await this.readFile(path);
    for (let i = 0; i < data.length; i += this.chunkSize) yield data.subarray(i, i + this.chunkSize);
  }

  async writeFile(path: string, data: string | Uint8Array): Promise<void> {
    this.files.set(this.key(path), typeof data === 'string' ? Buffer.from(data) : data);
  }

  async list(path: string, maxEntries: number): Promise<SandboxListing> {
    const dir = this.key(path);
    const prefix = dir === this.root ? `${this.root}/` : `${dir}/`;
    const names = new Map<string, 'file' | 'directory'>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const [first, ...rest] = file.slice(prefix.length).split('/');
      names.set(first, rest.length ? 'directory' : 'file');
    }
    const entries = [...names].map(([name, type]) => ({ name, type }));
    return { entries: entries.slice(0, maxEntries), complete: entries.length <= maxEntries };
  }

  async stat(path: string): Promise<SandboxStat | null> {
    const key = this.key(path);
    const data = this.files.get(key);
    if (data) return { type: 'file', size: data.length };
    const isDir = key === this.root || [...this.files.keys()].some((f) => f.startsWith(`${key}/`));
    return isDir ? { type: 'directory', size: 0 } : null;
  }

  async stopCommands(): Promise<void> {}
  async pause(): Promise<void> {}
  async resume(): Promise<void> {}
  async *exportWorkspace(): AsyncIterable<Uint8Array> {
    throw new Error('the in-memory sandbox has no archive format');
  }
  async importWorkspace(): Promise<void> {
    throw new Error('the in-memory sandbox has no archive format');
  }
  async kill(): Promise<void> {
    this.files.clear();
  }

  private key(path: string): string {
    return resolveInWorkspace(this.root, path);
  }
}
