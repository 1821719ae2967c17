export type SandboxFileProblem =
  | 'outside_workspace' | 'invalid_path' | 'not_found' | 'is_directory' | 'not_a_directory' | 'dangling_link' | 'permission_denied';

const DESCRIBE: Record<SandboxFileProblem, (path: string) => string> = {
  outside_workspace: (p) => `${p}: the path is outside the workspace; use a path relative to the workspace root`,
  invalid_path: (p) => `${JSON.stringify(p)}: not a valid path`,
  not_found: (p) => `${p}: no such file or directory`,
  is_directory: (p) => `${p}: is a directory`,
  not_a_directory: (p) => `${p}: a part of the path is not a directory`,
  dangling_link: (p) => `${p}: is a symbolic link whose target does not exist`,
  permission_denied: (p) => `${p}: permission denied`,
};

/** A file operation the model asked for cannot be done: a tool result with isError, not a failure. */
export class SandboxFileError extends Error {
  constructor(readonly problem: SandboxFileProblem, readonly path: string, options?: { cause?: unknown }) {
    super(DESCRIBE[problem](path), options);
    this.name = 'SandboxFileError';
  }
}

const BY_ERRNO: Partial<Record<string, SandboxFileProblem>> = {
  ENOENT: 'not_found',
  EISDIR: 'is_directory',
  ENOTDIR: 'not_a_directory',
  // mkdir -p meeting a file where a folder is needed.
  EEXIST: 'not_a_directory',
  EACCES: 'permission_denied',
  EPERM: 'permission_denied',
  ELOOP: 'invalid_path',
  ENAMETOOLONG: 'invalid_path',
};

/** Turns a file system error the model can act on into a SandboxFileError; rethrows the rest. */
export function rethrowAsFileError(err: unknown, path: string): never {
  const problem = BY_ERRNO[(err as NodeJS.ErrnoException)?.code ?? ''];
  if (problem) throw new SandboxFileError(problem, path, { cause: err });
  throw err;
}

/** The provider no longer has the sandbox (ended, expired, or its workspace removed): make a new one and restore. */
export class SandboxGone extends Error {
  constructor(readonly sandboxId: string, options?: { cause?: unknown }) {
    super(`sandbox ${sandboxId} is gone`, options);
    this.name = 'SandboxGone';
  }
}
