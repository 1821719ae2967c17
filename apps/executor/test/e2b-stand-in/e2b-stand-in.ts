import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, Stats } from 'node:fs';
import { lstat, mkdir, mkdtemp, open, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CommandResult, CommandStartOpts, EntryInfo, FileType, SandboxConnectOpts } from 'e2b';
import { Clock, SystemClock } from '@cofounder/config';
import { E2bCommandHandle, E2bCommands, E2bFiles, E2bModule, E2bSandboxHandle } from '../../src/sandbox/e2b/e2b-sdk';

/*
 * The E2B stand-in: the part of the `e2b` SDK's module the provider uses, behaving as the SDK
 * (2.51) documents it, backed by a folder per sandbox on this machine instead of e2b's cloud
 * (unreachable from here). /home/user and /tmp of the "VM" are folders of that sandbox; commands
 * run under bubblewrap with them bound in place, the rest of the host read-only. It is a test
 * double, not a sandbox: no memory snapshot (pause ends the processes), no network isolation.
 * A running sandbox ends when its timeout (from create, connect or setTimeout) runs out, as
 * e2b's does, however busy; the stand-in notices it the next time it is reached, so a test's
 * ManualClock decides when.
 */

// The SDK's error classes, with the same names and hierarchy.
export class SandboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
export class TimeoutError extends SandboxError {}
export class NotFoundError extends SandboxError {}
export class FileNotFoundError extends NotFoundError {}
export class SandboxNotFoundError extends NotFoundError {}
export class CommandExitError extends SandboxError implements CommandResult {
  constructor(private readonly result: CommandResult) {
    super(result.error ?? `exit status ${result.exitCode}`);
  }
  get exitCode() { return this.result.exitCode; }
  get error() { return this.result.error; }
  get stdout() { return this.result.stdout; }
  get stderr() { return this.result.stderr; }
}

const HOME = '/home/user';
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const MAX_LINKS = 40;
/** The SDK's default sandbox timeout. */
const DEFAULT_TIMEOUT_MS = 300_000;

interface Vm {
  id: string;
  folder: string;
  state: 'running' | 'paused';
  template: string;
  metadata: Record<string, string>;
  commands: Set<StandInCommand>;
  /** When e2b ends it, in the clock's milliseconds; a paused sandbox has none. */
  endsAt?: number;
}

export interface E2bStandInOptions {
  /**
   * Give a sandbox resumed by Sandbox.connect a new id (the old one then gone), as e2b's
   * connect answer may. SDK 2.51 ignores the answer's id, so this is off by default; a test
   * turns it on to check the provider keeps whatever id the returned sandbox reports.
   */
  newIdOnResume?: boolean;
  /** Time as the sandboxes' timeouts see it; a test hands in a ManualClock. */
  clock?: Clock;
}

/** One E2B stand-in: its own sandboxes under a temporary folder; `module` is what the provider loads. */
export class E2bStandIn {
  readonly module: E2bModule;
  private readonly vms = new Map<string, Vm>();
  /** Folders of expired sandboxes still being removed. */
  private readonly removals = new Set<Promise<void>>();
  private readonly clock: Clock;
  private dir?: string;

  constructor(private readonly opts: E2bStandInOptions = {}) {
    this.clock = opts.clock ?? new SystemClock();
    this.module = {
      Sandbox: {
        create: (template, sandboxOpts) => this.create(template, sandboxOpts?.metadata ?? {}, sandboxOpts?.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        connect: async (sandboxId, connectOpts) => new StandInSandbox(this, this.resume(sandboxId, this.opts.newIdOnResume ?? false, connectOpts).id),
        // e2b's DELETE: a paused sandbox is ended where it lies.
        kill: (sandboxId) => this.kill(sandboxId),
      },
      CommandExitError,
      FileNotFoundError,
      SandboxNotFoundError,
    };
  }

  /** The sandboxes the stand-in still has, by id (killed ones are gone). */
  get sandboxIds(): string[] {
    this.expire();
    return [...this.vms.keys()];
  }

  /** Its state as e2b would report it; 'gone' once killed or expired. */
  stateOf(id: string): Vm['state'] | 'gone' {
    this.expire();
    return this.vms.get(id)?.state ?? 'gone';
  }

  async close(): Promise<void> {
    for (const vm of this.vms.values()) vm.commands.forEach((c) => c.end('the E2B stand-in was closed'));
    this.vms.clear();
    await Promise.all(this.removals);
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  /** @internal The sandbox behind an instance, refusing as e2b would when it is paused or gone. */
  running(id: string): Vm {
    this.expire();
    const vm = this.vms.get(id);
    if (!vm) throw new SandboxNotFoundError(`Sandbox ${id} not found`);
    if (vm.state === 'paused') throw new SandboxError(`Sandbox ${id} is paused: connect to resume it`);
    return vm;
  }

  /** @internal As e2b's connect: a paused sandbox gets the timeout; a running one only a later end than it has. */
  resume(id: string, newId: boolean, opts: SandboxConnectOpts = {}): Vm {
    this.expire();
    const vm = this.vms.get(id);
    if (!vm) throw new SandboxNotFoundError(`Paused sandbox ${id} not found`);
    if (vm.state === 'paused' && newId) {
      this.vms.delete(id);
      vm.id = newSandboxId();
      this.vms.set(vm.id, vm);
    }
    const endsAt = this.now() + (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    vm.endsAt = vm.state === 'paused' ? endsAt : Math.max(vm.endsAt ?? 0, endsAt);
    vm.state = 'running';
    return vm;
  }

  /** @internal As e2b's setTimeout: the sandbox ends `timeoutMs` from now, sooner or later than before. */
  setTimeout(id: string, timeoutMs: number): void {
    this.running(id).endsAt = this.now() + timeoutMs;
  }

  /** @internal Ends every command (their wait() rejects, as a dropped connection does) and freezes the sandbox. */
  pause(id: string): boolean {
    this.expire();
    const vm = this.vms.get(id);
    if (!vm) throw new SandboxNotFoundError(`Sandbox ${id} not found`);
    if (vm.state === 'paused') return false;
    vm.commands.forEach((c) => c.end('the sandbox was paused'));
    vm.state = 'paused';
    vm.endsAt = undefined;
    return true;
  }

  /** @internal */
  async kill(id: string): Promise<boolean> {
    this.expire();
    const vm = this.vms.get(id);
    if (!vm) return false;
    await this.end(vm, 'the sandbox was killed');
    return true;
  }

  private async create(template: string, metadata: Record<string, string>, timeoutMs: number): Promise<E2bSandboxHandle> {
    this.dir ??= await mkdtemp(path.join(tmpdir(), 'e2b-stand-in-'));
    const id = newSandboxId();
    const folder = path.join(this.dir, id);
    await mkdir(path.join(folder, 'home'), { recursive: true });
    await mkdir(path.join(folder, 'tmp'));
    this.vms.set(id, { id, folder, state: 'running', template, metadata, commands: new Set(), endsAt: this.now() + timeoutMs });
    return new StandInSandbox(this, id);
  }

  /** Ends every running sandbox whose timeout has run out, as e2b would have by now. */
  private expire(): void {
    const now = this.now();
    for (const vm of this.vms.values()) {
      if (vm.endsAt === undefined || vm.endsAt > now) continue;
      const removal = this.end(vm, 'the sandbox timed out');
      this.removals.add(removal);
      void removal.finally(() => this.removals.delete(removal));
    }
  }

  private async end(vm: Vm, why: string): Promise<void> {
    this.vms.delete(vm.id);
    vm.commands.forEach((c) => c.end(why));
    await rm(vm.folder, { recursive: true, force: true });
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

function newSandboxId(): string {
  return `standin${randomBytes(8).toString('hex')}`;
}

class StandInSandbox implements E2bSandboxHandle {
  readonly commands: E2bCommands;
  readonly files: E2bFiles;

  constructor(private readonly standIn: E2bStandIn, readonly sandboxId: string) {
    this.commands = new StandInCommands(() => standIn.running(sandboxId));
    this.files = new StandInFiles(() => standIn.running(sandboxId));
  }

  async connect(opts?: SandboxConnectOpts): Promise<this> {
    this.standIn.resume(this.sandboxId, false, opts);
    return this;
  }

  async setTimeout(timeoutMs: number): Promise<void> {
    this.standIn.setTimeout(this.sandboxId, timeoutMs);
  }

  async pause(): Promise<boolean> {
    return this.standIn.pause(this.sandboxId);
  }

  kill(): Promise<boolean> {
    return this.standIn.kill(this.sandboxId);
  }
}

class StandInCommands implements E2bCommands {
  constructor(private readonly vm: () => Vm) {}

  async run(cmd: string, opts: CommandStartOpts & { background: true }): Promise<E2bCommandHandle> {
    const vm = this.vm();
    const command = new StandInCommand(vm, cmd, opts);
    vm.commands.add(command);
    void command.wait().catch(() => undefined).finally(() => vm.commands.delete(command));
    return command;
  }
}

/** One command, as envd runs it: bash -c in the user's view of the VM, SIGKILL on kill. */
class StandInCommand implements E2bCommandHandle {
  private readonly child: ChildProcess;
  private readonly done: Promise<CommandResult>;
  private stdout = '';
  private stderr = '';
  private ended?: SandboxError;

  constructor(vm: Vm, cmd: string, opts: CommandStartOpts) {
    const args = [
      '--ro-bind', '/', '/',
      '--tmpfs', '/home',
      '--bind', path.join(vm.folder, 'home'), HOME,
      '--bind', path.join(vm.folder, 'tmp'), '/tmp',
      '--dev', '/dev', '--proc', '/proc',
      '--chdir', opts.cwd ?? HOME,
      '--unshare-pid', '--die-with-parent',
      '--', 'bash', '-c', cmd,
    ];
    this.child = spawn('bwrap', args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: SYSTEM_PATH, HOME, ...opts.envs } });
    this.forward(this.child.stdout!, (s) => { this.stdout += s; return opts.onStdout?.(s); });
    this.forward(this.child.stderr!, (s) => { this.stderr += s; return opts.onStderr?.(s); });
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const timer = timeoutMs > 0 ? setTimeout(() => this.end(`deadline_exceeded: the command ran longer than ${timeoutMs} ms`, TimeoutError), timeoutMs) : undefined;
    this.done = new Promise<CommandResult>((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('close', (code, signal) => {
        clearTimeout(timer);
        if (this.ended) return reject(this.ended);
        const result = { exitCode: code ?? -1, error: signal ? `signal: ${signal}` : undefined, stdout: this.stdout, stderr: this.stderr };
        if (result.exitCode === 0) resolve(result);
        else reject(new CommandExitError(result));
      });
    });
  }

  wait(): Promise<CommandResult> {
    return this.done;
  }

  async kill(): Promise<boolean> {
    return this.signal();
  }

  /** The sandbox went away under the command: its process ends and wait() rejects with `why`. */
  end(why: string, kind: new (message: string) => SandboxError = SandboxError): void {
    this.ended ??= new kind(why);
    this.signal();
  }

  private signal(): boolean {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return false;
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
      throw err;
    }
  }

  private forward(stream: NodeJS.ReadableStream, onText: (text: string) => unknown): void {
    const decoder = new TextDecoder();
    stream.on('data', (chunk: Buffer) => {
      const text = decoder.decode(chunk, { stream: true });
      if (text) void onText(text);
    });
  }
}

/** envd's file service over the sandbox's folders: paths as the VM's user sees them. */
class StandInFiles implements E2bFiles {
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

function hostPath(vm: Vm, sandbox: string): string | null {
  for (const [inside, folder] of [[HOME, 'home'], ['/tmp', 'tmp']] as const) {
    if (sandbox === inside || sandbox.startsWith(`${inside}/`)) return path.join(vm.folder, folder, sandbox.slice(inside.length));
  }
  return null;
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
