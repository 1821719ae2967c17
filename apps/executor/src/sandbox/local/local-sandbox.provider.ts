import { mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { Sandbox } from '../sandbox';
import { SandboxProvider } from '../sandbox-provider';
import { findExecutable } from './bwrap';
import { LocalSandbox } from './local-sandbox';

const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const RUN_ID = /^[A-Za-z0-9-]{1,100}$/;

export interface LocalProviderOptions {
  /** Where workspaces live, one folder per run; relative to the working directory. */
  dataDir: string;
  memoryLimitMb: number;
  /** Overrides the bubblewrap lookup (tests); undefined looks on the system PATH. */
  bwrap?: string | null;
}

/**
 * The default provider: a workspace folder per run under the data directory. The sandbox id
 * is the run id, so connecting needs nothing but the folder.
 */
export class LocalSandboxProvider extends SandboxProvider {
  readonly name = 'local';
  private readonly dataDir: string;
  private readonly searchPath: string;
  private readonly readOnly: string[];
  private readonly bwrap: string | null;

  constructor(private readonly opts: LocalProviderOptions) {
    super();
    this.dataDir = path.resolve(opts.dataDir);
    // node and npm from the executor's own installation, then the system's programs.
    const nodeDir = path.dirname(process.execPath);
    this.searchPath = [nodeDir, ...SYSTEM_PATH.split(':')].filter((d, i, all) => all.indexOf(d) === i).join(':');
    this.readOnly = [nodeDir];
    this.bwrap = opts.bwrap === undefined ? findExecutable('bwrap', SYSTEM_PATH) : opts.bwrap;
  }

  /** Whether commands run under bubblewrap (for the start-up log). */
  get confined(): boolean {
    return this.bwrap !== null;
  }

  create(runId: string): Promise<Sandbox> {
    return this.open(runId);
  }

  /**
   * The folder is the sandbox: one an operator removed comes back empty, rather than making
   * every later call of the run fail.
   */
  connect(sandboxId: string): Promise<Sandbox> {
    return this.open(sandboxId);
  }

  private async open(id: string): Promise<Sandbox> {
    if (!RUN_ID.test(id)) throw new Error(`not a local sandbox id: ${JSON.stringify(id)}`);
    const folder = path.join(this.dataDir, id);
    await mkdir(folder, { recursive: true });
    return new LocalSandbox(id, {
      root: await realpath(folder),
      searchPath: this.searchPath,
      memoryLimitMb: this.opts.memoryLimitMb,
      bwrap: this.bwrap,
      readOnly: this.readOnly,
    });
  }
}
