import { Clock, SystemClock } from '@cofounder/config';
import { Sandbox, WORKSPACE } from '../sandbox';
import { SandboxGone } from '../sandbox-errors';
import { SandboxProvider } from '../sandbox-provider';
import { E2bSandbox } from './e2b-sandbox';
import { E2bModule, E2bSandboxHandle, loadE2bSdk } from './e2b-sdk';
import { RunningCommands } from './running-commands';
import { SandboxLifetimes } from './sandbox-lifetimes';

export interface E2bProviderOptions {
  apiKey: string;
  /** The e2b template new sandboxes start from (sandbox.e2bTemplate). */
  template: string;
  /** How long after its last use e2b ends a sandbox (the provider moves e2b's deadline on use). */
  idleTimeoutMs: number;
  /** The SDK's module; tests hand in the E2B stand-in. Defaults to the real `e2b` package. */
  loadSdk?: () => Promise<E2bModule>;
  /** When a sandbox was last used; tests share a ManualClock with the stand-in. */
  clock?: Clock;
}

/** Sandboxes in e2b micro-VMs; chosen when E2B_API_KEY is set. The SDK is loaded on first use. */
export class E2bSandboxProvider extends SandboxProvider {
  readonly name = 'e2b';
  private sdk?: Promise<E2bModule>;
  private readonly commands = new RunningCommands();
  private readonly lifetimes: SandboxLifetimes;

  constructor(private readonly opts: E2bProviderOptions) {
    super();
    this.lifetimes = new SandboxLifetimes(opts.idleTimeoutMs, opts.clock ?? new SystemClock());
  }

  async create(runId: string): Promise<Sandbox> {
    const lib = await this.load();
    const sandbox = await lib.Sandbox.create(this.opts.template, { apiKey: this.opts.apiKey, timeoutMs: this.opts.idleTimeoutMs, metadata: { runId } });
    await sandbox.files.makeDir(WORKSPACE);
    return this.wrap(sandbox, lib);
  }

  /** Resumes a paused sandbox; the returned sandbox's id is the one to store from now on. */
  async connect(sandboxId: string): Promise<Sandbox> {
    const lib = await this.load();
    try {
      return this.wrap(await lib.Sandbox.connect(sandboxId, { apiKey: this.opts.apiKey, timeoutMs: this.opts.idleTimeoutMs }), lib);
    } catch (err) {
      if (err instanceof lib.SandboxNotFoundError) throw new SandboxGone(sandboxId, { cause: err });
      throw err;
    }
  }

  /** By e2b's API alone: a paused sandbox stays paused until it is gone. */
  async destroy(sandboxId: string): Promise<void> {
    const lib = await this.load();
    // Commands of this process end with the VM; stopped first, their exec says aborted rather than failing.
    const stopped = this.commands.stopAll(sandboxId);
    // False when e2b no longer has it: already gone is what was asked for.
    await lib.Sandbox.kill(sandboxId, { apiKey: this.opts.apiKey });
    await stopped;
    this.lifetimes.forget(sandboxId);
  }

  private wrap(sandbox: E2bSandboxHandle, lib: E2bModule): E2bSandbox {
    this.lifetimes.extended(sandbox.sandboxId);
    return new E2bSandbox(sandbox, lib, this.commands, this.lifetimes);
  }

  private load(): Promise<E2bModule> {
    return (this.sdk ??= (this.opts.loadSdk ?? loadE2bSdk)());
  }
}
