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

/**
 * One run's isolated workspace. Paths are relative to `root` or absolute inside it; anything
 * that resolves outside is refused with a SandboxFileError.
 */
export abstract class Sandbox {
  /** The provider's id for it, stored in the registry to connect again later. */
  abstract readonly id: string;
  /** The workspace folder as commands inside the sandbox see it. */
  abstract readonly root: string;

  abstract exec(command: string, opts: ExecOptions): Promise<ExecOutcome>;
  abstract readFile(path: string): Promise<Uint8Array>;
  abstract readStream(path: string): AsyncIterable<Uint8Array>;
  /** Creates the parent folders; replaces the file if it exists. */
  abstract writeFile(path: string, data: string | Uint8Array): Promise<void>;
  abstract list(path: string, maxEntries: number): Promise<SandboxListing>;
  /** Follows symbolic links; null when nothing is there. */
  abstract stat(path: string): Promise<SandboxStat | null>;
  abstract pause(): Promise<void>;
  abstract resume(): Promise<void>;
  /** Returns an id that SandboxProvider.restore accepts. */
  abstract snapshot(): Promise<string>;
  /** Stops every command and destroys the workspace. */
  abstract kill(): Promise<void>;
}
