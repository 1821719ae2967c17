import { ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { ExecOutcome, OutputStream } from '../sandbox';

export interface ProcessGroupOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal: AbortSignal;
  onOutput: (stream: OutputStream, data: Uint8Array) => void;
  /** How long output is still read after the command exits (for what is already in the pipes). */
  drainMs?: number;
  /**
   * Work to do once the program has started and before its command may run (the program
   * gets two more pipes, fds 3 and 4, to report and to wait on). What it returns is stopped
   * when the program ends; if it fails, the program is killed and the call fails.
   */
  prepare?: (child: ChildProcess) => Promise<{ stop(): void }>;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (err) {
    // ESRCH: the whole group has already gone.
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal ? constants.signals[signal] ?? 0 : 0);
}

/**
 * Runs a program as the leader of a new process group, so that a timeout or an abort kills
 * it and everything it started (`sleep 30 &` included) with one SIGKILL to the group.
 * Output is handed over as it arrives and never kept here.
 */
export function runInProcessGroup(file: string, args: string[], opts: ProcessGroupOptions): Promise<ExecOutcome> {
  if (opts.signal.aborted) return Promise.resolve({ kind: 'aborted' });
  return new Promise<ExecOutcome>((resolve, reject) => {
    const stdio = opts.prepare ? ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'] as const : ['ignore', 'pipe', 'pipe'] as const;
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: [...stdio] });
    let stopped: 'timed_out' | 'aborted' | undefined;
    let drain: NodeJS.Timeout | undefined;
    let closed = false;
    let prepared: { stop(): void } | undefined;
    const stop = (why: 'timed_out' | 'aborted') => {
      stopped ??= why;
      killGroup(child.pid);
    };
    const timer = setTimeout(() => stop('timed_out'), opts.timeoutMs);
    const onAbort = () => stop('aborted');
    opts.signal.addEventListener('abort', onAbort, { once: true });
    const cleanUp = () => {
      clearTimeout(timer);
      clearTimeout(drain);
      opts.signal.removeEventListener('abort', onAbort);
      closed = true;
      prepared?.stop();
    };
    opts.prepare?.(child).then(
      (done) => (closed ? done.stop() : (prepared = done)),
      (err: unknown) => {
        if (closed) return;
        cleanUp();
        killGroup(child.pid);
        reject(err);
      },
    );

    child.stdout!.on('data', (data: Buffer) => opts.onOutput('stdout', data));
    child.stderr!.on('data', (data: Buffer) => opts.onOutput('stderr', data));
    child.once('exit', () => {
      clearTimeout(timer);
      // A background process (`server &`) keeps the pipes open after the command returns:
      // read what is already there, then stop listening rather than wait for it.
      drain = setTimeout(() => {
        for (const stream of child.stdio) stream?.destroy();
      }, opts.drainMs ?? 200);
    });
    child.once('error', (err) => {
      cleanUp();
      killGroup(child.pid);
      reject(err);
    });
    child.once('close', (code, signal) => {
      cleanUp();
      resolve(stopped ? { kind: stopped } : { kind: 'exited', exitCode: exitCodeOf(code, signal) });
    });
  });
}
