import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { CommandResult, CommandStartOpts } from 'e2b';
import { E2bCommandHandle } from '../../src/sandbox/e2b/e2b-sdk';
import { CommandExitError, SandboxError, TimeoutError } from './stand-in-errors';
import { HOME, Vm } from './stand-in-vm';

const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** One command, as envd runs it: bash -c in the user's view of the VM, SIGKILL on kill. */
export class StandInCommand implements E2bCommandHandle {
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
