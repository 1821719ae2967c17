import type { CommandResult, CommandStartOpts, EntryInfo, FilesystemReadOpts, SandboxApiOpts, SandboxConnectOpts, SandboxOpts, SandboxPauseOpts } from 'e2b';

/**
 * The part of the `e2b` module the provider uses, written out so a test can hand the provider
 * the E2B stand-in instead (test/e2b-stand-in); the real module must satisfy it (the default
 * loader below is type-checked against it).
 */
export interface E2bModule {
  Sandbox: {
    create(template: string, opts?: SandboxOpts): Promise<E2bSandboxHandle>;
    /** Resumes a paused sandbox; throws SandboxNotFoundError for one that is gone. */
    connect(sandboxId: string, opts?: SandboxConnectOpts): Promise<E2bSandboxHandle>;
    /** Ends the sandbox, paused or running, without connecting to it; false when e2b has no such sandbox. */
    kill(sandboxId: string, opts?: SandboxApiOpts): Promise<boolean>;
  };
  CommandExitError: abstract new (result: CommandResult) => Error & CommandResult;
  FileNotFoundError: abstract new (message: string) => Error;
  SandboxNotFoundError: abstract new (message: string) => Error;
}

export interface E2bSandboxHandle {
  readonly sandboxId: string;
  readonly commands: E2bCommands;
  readonly files: E2bFiles;
  connect(opts?: SandboxConnectOpts): Promise<unknown>;
  pause(opts?: SandboxPauseOpts): Promise<boolean>;
  kill(): Promise<boolean>;
  /** e2b ends the sandbox `timeoutMs` from now, whatever it was given before. */
  setTimeout(timeoutMs: number): Promise<void>;
}

export interface E2bCommandHandle {
  /** Throws CommandExitError when the command exits with a non-zero code. */
  wait(): Promise<CommandResult>;
  kill(): Promise<boolean>;
}

export interface E2bCommands {
  run(cmd: string, opts: CommandStartOpts & { background: true }): Promise<E2bCommandHandle>;
}

export interface E2bFiles {
  read(path: string, opts: FilesystemReadOpts & { format: 'bytes' }): Promise<Uint8Array>;
  read(path: string, opts: FilesystemReadOpts & { format: 'stream' }): Promise<ReadableStream<Uint8Array>>;
  write(path: string, data: string | ArrayBuffer | Blob | ReadableStream): Promise<unknown>;
  list(path: string, opts?: { depth?: number }): Promise<EntryInfo[]>;
  getInfo(path: string): Promise<EntryInfo>;
  makeDir(path: string): Promise<boolean>;
  remove(path: string): Promise<void>;
}

/** Loaded on first use: an executor on the local provider never loads it (and jest cannot: it is an ES module). */
export const loadE2bSdk = (): Promise<E2bModule> => import('e2b');
