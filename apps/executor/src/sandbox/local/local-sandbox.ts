import { createReadStream } from 'node:fs';
import { lstat, mkdir, opendir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { ExecOptions, ExecOutcome, EntryType, OutputStream, Sandbox, SandboxEntry, SandboxListing, SandboxStat, WORKSPACE } from '../sandbox';
import { rethrowAsFileError } from '../sandbox-errors';
import { emptyFolder } from '../../snapshots/empty-folder';
import { packFolder } from '../../snapshots/pack-folder';
import { unpackIntoFolder } from '../../snapshots/unpack-into-folder';
import { resolveConfined } from '../workspace-path';
import { BLOCK_FD, bwrapArgs, HostSystem, INFO_FD } from './bwrap';
import { HostPathFilter } from './host-paths';
import { OutboundNetwork } from './outbound-network';
import { PidsCgroup, PidsCgroups } from './process-limit';
import { runInProcessGroup } from './process-group';
import { RunCommands } from './run-commands';

export interface SandboxLimits {
  /** What a command may allocate (RLIMIT_DATA). */
  memoryLimitMb: number;
  /** CPU time per process (RLIMIT_CPU). */
  cpuSeconds: number;
  /** Processes at once (RLIMIT_NPROC), counted in the sandbox's own user namespace. */
  maxProcesses: number;
  /** The largest file a command may write (RLIMIT_FSIZE). */
  maxFileSizeMb: number;
}

/** How commands are confined: bubblewrap, and for outbound network slirp4netns. */
export interface Confinement {
  bwrap: string;
  system: HostSystem;
  /** Where each command gets a pids cgroup of maxProcesses; null: RLIMIT_NPROC alone. */
  pids: PidsCgroups | null;
  network: { kind: 'none' } | { kind: 'outbound'; slirp4netns: string; nsenter: string };
}

export interface LocalSandboxOptions {
  /** The run's folder on this machine, a realpath. */
  hostRoot: string;
  /** Every spelling of the host folders no output may show (the run's folder, the data directory). */
  hostPaths: string[];
  /** The variables a command sees (never the executor's environment: it holds our secrets); HOME is set here. */
  env: Record<string, string>;
  limits: SandboxLimits;
  /** null: commands run on the host, as the executor's user (sandbox.allowUnconfined). */
  confinement: Confinement | null;
  /** The run's commands in this process, shared with its other handles. */
  commands: RunCommands;
}

/** A workspace folder on this machine; commands run with `bash -c` under bubblewrap, seeing it at WORKSPACE. */
export class LocalSandbox extends Sandbox {
  readonly id: string;
  readonly root = WORKSPACE;
  /** The run's folder on this machine (a realpath): for the executor's own use, never shown to the model. */
  readonly hostRoot: string;

  /** For whole results; each command's streams get filters of their own. */
  private readonly hostPathsHidden: HostPathFilter;

  constructor(id: string, private readonly opts: LocalSandboxOptions) {
    super();
    this.id = id;
    this.hostRoot = opts.hostRoot;
    this.hostPathsHidden = new HostPathFilter(opts.hostPaths);
  }

  override hideHostPaths(text: string): string {
    return this.hostPathsHidden.hide(text);
  }

  async exec(command: string, opts: ExecOptions): Promise<ExecOutcome> {
    const pids = this.opts.confinement?.pids?.create(this.opts.limits.maxProcesses);
    try {
      return await this.opts.commands.track(this.run(command, opts, pids));
    } finally {
      await pids?.remove();
    }
  }

  private async run(command: string, opts: ExecOptions, pids: PidsCgroup | undefined): Promise<ExecOutcome> {
    const signal = opts.signal ? AbortSignal.any([opts.signal, this.opts.commands.signal]) : this.opts.commands.signal;
    const filters: Record<OutputStream, HostPathFilter> = {
      stdout: new HostPathFilter(this.opts.hostPaths),
      stderr: new HostPathFilter(this.opts.hostPaths),
    };
    const emit = (stream: OutputStream, data: Buffer) => data.length > 0 && opts.onOutput(stream, data);
    const { confinement } = this.opts;
    const network = confinement?.network;
    const outcome = await runInProcessGroup(...this.commandLine(command, pids), {
      cwd: this.hostRoot,
      // Under bubblewrap (--clearenv) the environment is in its arguments.
      env: confinement ? { PATH: this.opts.env.PATH } : { ...this.opts.env, HOME: this.hostRoot },
      timeoutMs: opts.timeoutMs,
      signal,
      onOutput: (stream, data) => emit(stream, filters[stream].write(data)),
      prepare: network?.kind === 'outbound'
        ? (child) => OutboundNetwork.attach(child.stdio[INFO_FD] as Readable, child.stdio[BLOCK_FD] as Writable, network)
        : undefined,
    });
    emit('stdout', filters.stdout.end());
    emit('stderr', filters.stderr.end());
    return outcome;
  }

  /**
   * `bash -c` with the limits set (hard and soft) before the command replaces the shell; the
   * command text stays the shell's first argument, untouched. RLIMIT_DATA counts what a
   * program allocates but not the address space node reserves, so node still starts.
   * RLIMIT_NPROC only under bubblewrap: on the host it would count all of the executor's user.
   */
  private commandLine(command: string, pids: PidsCgroup | undefined): [string, string[]] {
    const { limits, confinement } = this.opts;
    const ulimits = [
      `-d ${limits.memoryLimitMb * 1024}`,
      `-f ${limits.maxFileSizeMb * 1024}`,
      ...(confinement ? [`-u ${limits.maxProcesses}`] : []),
    ];
    // The hard CPU limit a second above the soft one: at the soft limit the process gets
    // SIGXCPU (exit 152, which the bash tool explains); at the hard one only SIGKILL.
    const cpu = `ulimit -S -t ${limits.cpuSeconds} && ulimit -H -t ${limits.cpuSeconds + 1}`;
    const bash = ['bash', '-c', `ulimit ${ulimits.join(' ')} && ${cpu} && exec bash -c "$0"`, command];
    if (!confinement) return [bash[0], bash.slice(1)];
    const env = { ...this.opts.env, HOME: WORKSPACE };
    const args = bwrapArgs({ workspace: this.hostRoot, system: confinement.system, env, waitForNetwork: confinement.network.kind === 'outbound' }, bash);
    if (!pids) return [confinement.bwrap, args];
    // Joins the command's pids cgroup, then becomes bubblewrap (same pid, same process group).
    return ['/bin/sh', ['-c', 'echo $$ > "$0" && exec "$@"', pids.procsFile, confinement.bwrap, ...args]];
  }

  async readFile(input: string): Promise<Uint8Array> {
    const file = await resolveConfined(this.hostRoot, input);
    try {
      return await readFile(file);
    } catch (err) {
      rethrowAsFileError(err, input);
    }
  }

  async *readStream(input: string): AsyncIterable<Uint8Array> {
    const file = await resolveConfined(this.hostRoot, input);
    try {
      for await (const chunk of createReadStream(file)) yield chunk as Buffer;
    } catch (err) {
      rethrowAsFileError(err, input);
    }
  }

  async writeFile(input: string, data: string | Uint8Array): Promise<void> {
    const file = await resolveConfined(this.hostRoot, input);
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, data);
    } catch (err) {
      rethrowAsFileError(err, input);
    }
  }

  async list(input: string, maxEntries: number): Promise<SandboxListing> {
    const dir = await resolveConfined(this.hostRoot, input);
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
    const file = await resolveConfined(this.hostRoot, input);
    try {
      const info = await stat(file);
      return { type: info.isDirectory() ? 'directory' : info.isFile() ? 'file' : 'other', size: info.size, mtimeMs: info.mtimeMs };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      rethrowAsFileError(err, input);
    }
  }

  stopCommands(): Promise<void> {
    return this.opts.commands.stopAll();
  }

  /**
   * Ends the commands still running. That is every process of the sandbox: each command has a
   * PID namespace of its own, so what it left in the background ended with it.
   */
  pause(): Promise<void> {
    return this.stopCommands();
  }

  /** Nothing to start again: between commands a local workspace is only a folder. */
  async resume(): Promise<void> {}

  exportWorkspace(exclude: readonly string[]): AsyncIterable<Uint8Array> {
    return packFolder(this.hostRoot, exclude);
  }

  /**
   * Into the folder itself (bound into each command), emptied first; see unpackIntoFolder for
   * what is refused. No command runs meanwhile, so none can swap a folder for a link under it.
   */
  async importWorkspace(archive: AsyncIterable<Uint8Array>): Promise<void> {
    await this.stopCommands();
    await emptyFolder(this.hostRoot);
    await unpackIntoFolder(this.hostRoot, archive);
  }

  async kill(): Promise<void> {
    await this.stopCommands();
    await rm(this.hostRoot, { recursive: true, force: true });
  }
}
