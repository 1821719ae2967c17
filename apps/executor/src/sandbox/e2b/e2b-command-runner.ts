import { ExecOptions, ExecOutcome, WORKSPACE } from '../sandbox';
import { E2bCommandHandle, E2bModule, E2bSandboxHandle } from './e2b-sdk';
import { RunningCommands } from './running-commands';

/** Extra time the SDK's own command timeout allows beyond ours, so ours always fires first. */
const SDK_TIMEOUT_MARGIN_MS = 10_000;
/** Packing or unpacking a workspace of a few hundred MB inside the VM. */
const SCRIPT_TIMEOUT_MS = 15 * 60_000;
const COMMAND_ENV = { HOME: WORKSPACE, LANG: 'C.UTF-8', TERM: 'dumb' };

/** Runs commands in one e2b VM: the model's, which may time out or be aborted, and our own scripts. */
export class E2bCommandRunner {
  constructor(
    private readonly sdk: E2bSandboxHandle,
    private readonly lib: E2bModule,
    /** Shared by every E2bSandbox of the provider, by sandbox id. */
    private readonly commands: RunningCommands,
  ) {}

  /**
   * Tracked before it starts, so a stopCommands that comes while e2b is starting it still
   * ends it (killed as soon as its handle arrives).
   */
  async exec(command: string, opts: ExecOptions): Promise<ExecOutcome> {
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
    this.commands.add(this.sdk.sandboxId, { stop: () => stop('aborted'), ended: new Promise<void>((resolve) => (ended = resolve)) });
    const timer = setTimeout(() => stop('timed_out'), opts.timeoutMs);
    const onAbort = () => stop('aborted');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      handle = await this.sdk.commands.run(command, {
        background: true,
        cwd: WORKSPACE,
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

  /** Our own housekeeping inside the VM; a failure is ours, not the model's, so it throws. */
  async runScript(script: string, what: string): Promise<void> {
    const handle = await this.sdk.commands.run(script, { background: true, cwd: '/', envs: COMMAND_ENV, timeoutMs: SCRIPT_TIMEOUT_MS });
    try {
      await handle.wait();
    } catch (err) {
      if (err instanceof this.lib.CommandExitError) throw new Error(`${what} failed (exit ${err.exitCode}): ${err.stderr.slice(-2000)}`, { cause: err });
      throw err;
    }
  }
}
