import { mkdirSync, realpathSync } from 'node:fs';
import { mkdir, realpath, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { SandboxConfig } from '@cofounder/config';
import { Sandbox } from '../sandbox';
import { SandboxGone } from '../sandbox-errors';
import { SandboxProvider } from '../sandbox-provider';
import { findExecutable } from './bwrap';
import { describeHostSystem } from './host-system';
import { Confinement, LocalSandbox } from './local-sandbox';
import { PidsCgroups } from './process-limit';
import { RunCommands } from './run-commands';

const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const RUN_ID = /^[A-Za-z0-9-]{1,100}$/;

/** The sandbox configuration; what is left out takes SandboxConfig's defaults (confined, no network). */
export type LocalProviderOptions = Pick<SandboxConfig, 'dataDir' | 'memoryLimitMb'>
  & Partial<Pick<SandboxConfig, 'network' | 'allowUnconfined' | 'env' | 'cpuSeconds' | 'maxProcesses' | 'maxFileSizeMb'>> & {
  /** Where the programs are looked up (tests: a PATH without bubblewrap); the system's by default. */
  toolPath?: string;
};

const DEFAULTS = new SandboxConfig();

/** The local provider cannot confine commands and the configuration does not allow running them unconfined. */
export class SandboxUnavailable extends Error {
  constructor(missing: string, pkg: string) {
    super(`${missing} is not installed: the local sandbox cannot confine commands. Install it ` +
      `(\`apt-get install ${pkg}\`, which \`npm start\` and \`npm test\` do when run as root), or set ` +
      'sandbox.allowUnconfined: true to run commands on this host unconfined (never for founders\' code).');
    this.name = 'SandboxUnavailable';
  }
}

/**
 * The default provider: a workspace folder per run under the data directory, each command
 * under bubblewrap. The sandbox id is the run id, so connecting needs nothing but the folder.
 */
export class LocalSandboxProvider extends SandboxProvider {
  readonly name = 'local';
  private readonly dataDir: string;
  private readonly confinement: Confinement | null;
  private readonly env: Record<string, string>;
  private readonly log = new Logger(LocalSandboxProvider.name);
  /** Per run, shared by all its handles: see RunCommands. */
  private readonly commands = new Map<string, RunCommands>();

  private readonly opts: Required<Omit<LocalProviderOptions, 'toolPath'>>;

  constructor(options: LocalProviderOptions) {
    super();
    const { network, allowUnconfined, env, cpuSeconds, maxProcesses, maxFileSizeMb } = DEFAULTS;
    const opts = { network, allowUnconfined, env, cpuSeconds, maxProcesses, maxFileSizeMb, ...options };
    this.opts = opts;
    this.dataDir = path.resolve(opts.dataDir);
    mkdirSync(this.dataDir, { recursive: true });
    // node and npm from the executor's own installation, then the system's programs.
    const nodeDir = path.dirname(process.execPath);
    const searchPath = [nodeDir, ...SYSTEM_PATH.split(':')].filter((d, i, all) => all.indexOf(d) === i).join(':');
    this.env = {
      PATH: searchPath, LANG: 'C.UTF-8', TERM: 'dumb',
      // HOME is the workspace: caches belong in the private /tmp, not in the founder's files.
      npm_config_cache: '/tmp/.npm', XDG_CACHE_HOME: '/tmp/.cache',
      ...opts.env,
    };
    this.confinement = this.confine(options.toolPath ?? SYSTEM_PATH, path.dirname(nodeDir));
  }

  /** Whether commands run under bubblewrap. */
  get confined(): boolean {
    return this.confinement !== null;
  }

  private confine(toolPath: string, nodeInstallation: string): Confinement | null {
    const bwrap = findExecutable('bwrap', toolPath);
    if (!bwrap) {
      if (!this.opts.allowUnconfined) throw new SandboxUnavailable('bubblewrap', 'bubblewrap');
      this.log.warn({ msg: 'bubblewrap not found and sandbox.allowUnconfined is true: commands run unconfined on this host, as the executor' });
      return null;
    }
    const system = describeHostSystem([nodeInstallation]);
    const pids = PidsCgroups.find();
    if (!pids) {
      this.log.warn({ msg: 'no pids cgroup can be made here: sandbox.maxProcesses rests on RLIMIT_NPROC alone, which does not hold when the executor runs as root' });
    }
    if (this.opts.network === 'none') return { bwrap, system, pids, network: { kind: 'none' } };
    const slirp4netns = findExecutable('slirp4netns', toolPath);
    if (!slirp4netns) throw new SandboxUnavailable('slirp4netns (for sandbox.network: outbound)', 'slirp4netns');
    const nsenter = findExecutable('nsenter', toolPath);
    if (!nsenter) throw new SandboxUnavailable('nsenter (for sandbox.network: outbound)', 'util-linux');
    return { bwrap, system, pids, network: { kind: 'outbound', slirp4netns, nsenter } };
  }

  create(runId: string): Promise<Sandbox> {
    return this.open(runId);
  }

  /**
   * The folder is the sandbox: one removed is gone (SandboxGone), and the caller makes a new
   * one and restores the run's last snapshot into it.
   */
  async connect(sandboxId: string): Promise<Sandbox> {
    try {
      await stat(this.folderOf(sandboxId));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new SandboxGone(sandboxId, { cause: err });
      throw err;
    }
    return this.open(sandboxId);
  }

  /** Its commands ended and its folder removed; a paused local sandbox is only its folder. */
  async destroy(sandboxId: string): Promise<void> {
    const folder = this.folderOf(sandboxId);
    await this.commands.get(sandboxId)?.stopAll();
    this.commands.delete(sandboxId);
    await rm(folder, { recursive: true, force: true });
  }

  private folderOf(id: string): string {
    if (!RUN_ID.test(id)) throw new Error(`not a local sandbox id: ${JSON.stringify(id)}`);
    return path.join(this.dataDir, id);
  }

  private async open(id: string): Promise<Sandbox> {
    const folder = this.folderOf(id);
    await mkdir(folder, { recursive: true });
    const hostRoot = await realpath(folder);
    const { memoryLimitMb, cpuSeconds, maxProcesses, maxFileSizeMb } = this.opts;
    return new LocalSandbox(id, {
      hostRoot,
      hostPaths: [hostRoot, folder, this.dataDir, realpathSync(this.dataDir)],
      env: this.env,
      limits: { memoryLimitMb, cpuSeconds, maxProcesses, maxFileSizeMb },
      confinement: this.confinement,
      commands: this.commandsOf(id),
    });
  }

  private commandsOf(id: string): RunCommands {
    let commands = this.commands.get(id);
    if (!commands) {
      commands = new RunCommands();
      this.commands.set(id, commands);
    }
    return commands;
  }
}
