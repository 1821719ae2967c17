export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

export interface SandboxEntry {
  name: string;
  /** Of the entry itself: a symbolic link is 'symlink', never followed. */
  type: EntryType;
  /** Of the entry itself, when the provider knows it (glob and grep sort and bound with them). */
  size?: number;
  mtimeMs?: number;
}

export interface SandboxListing {
  entries: SandboxEntry[];
  /** False when the folder holds more entries than were asked for. */
  complete: boolean;
}

export interface SandboxStat {
  type: EntryType;
  size: number;
  mtimeMs?: number;
}

export type OutputStream = 'stdout' | 'stderr';

export interface ExecOptions {
  timeoutMs: number;
  /** Aborting stops the command and everything it started. */
  signal?: AbortSignal;
  /** Called with each piece of output as it arrives; the sandbox keeps none of it. */
  onOutput: (stream: OutputStream, data: Uint8Array | string) => void;
}

export type ExecOutcome =
  | { kind: 'exited'; exitCode: number }
  | { kind: 'timed_out' }
  | { kind: 'aborted' };

/** Where every provider shows the workspace, to commands and in every result: never a host path. */
export const WORKSPACE = '/home/user/project';

/**
 * Our own folder in the workspace (the awake period's sentinel): never snapshotted, so a
 * restored workspace never carries an old period's sentinel.
 */
export const COFOUNDER_FOLDER = '.cofounder';

/**
 * One run's isolated workspace. Paths are relative to the workspace or absolute under
 * WORKSPACE; anything that resolves outside is refused with a SandboxFileError.
 */
export abstract class Sandbox {
  /** The provider's id for it, stored in the registry to connect again later. */
  abstract readonly id: string;
  /** The workspace folder as commands inside the sandbox see it: WORKSPACE for every provider. */
  abstract readonly root: string;

  abstract exec(command: string, opts: ExecOptions): Promise<ExecOutcome>;
  /** A result as it may leave the executor: any host path of this sandbox shown as WORKSPACE (none by default). */
  hideHostPaths(text: string): string {
    return text;
  }
  abstract readFile(path: string): Promise<Uint8Array>;
  abstract readStream(path: string): AsyncIterable<Uint8Array>;
  /** Creates the parent folders; replaces the file if it exists. */
  abstract writeFile(path: string, data: string | Uint8Array): Promise<void>;
  abstract list(path: string, maxEntries: number): Promise<SandboxListing>;
  /** Follows symbolic links; null when nothing is there. */
  abstract stat(path: string): Promise<SandboxStat | null>;
  /**
   * The workspace as a gzip'd tar, streamed (never held whole): paths relative to the
   * workspace, modes kept, symbolic links as links; folders named in `exclude` left out
   * wherever they are.
   */
  abstract exportWorkspace(exclude: readonly string[]): AsyncIterable<Uint8Array>;
  /** Replaces everything in the workspace with what the archive (as exportWorkspace makes it) holds; stops the run's commands first. */
  abstract importWorkspace(archive: AsyncIterable<Uint8Array>): Promise<void>;
  /**
   * Ends every command of the run still running, whichever handle started it, and returns
   * once they are gone: nothing may write in the workspace while it is snapshotted before a
   * pause or replaced by an import.
   */
  abstract stopCommands(): Promise<void>;
  /** Stops every process of the sandbox (stopCommands first); the workspace stays. */
  abstract pause(): Promise<void>;
  abstract resume(): Promise<void>;
  /** Stops every command and destroys the workspace. */
  abstract kill(): Promise<void>;
}
