import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The host folders a command needs to run programs; read-only, and skipped when absent. */
const SYSTEM_FOLDERS = ['/usr', '/bin', '/sbin', '/lib', '/lib64', '/etc'];

export interface BwrapOptions {
  workspace: string;
  /** Extra read-only folders, e.g. where node lives when it is not under /usr. */
  readOnly?: string[];
}

/**
 * bubblewrap's arguments for one command: the system read-only, the workspace the only
 * writable folder (at the same path, so `pwd` matches what the file tools accept), every
 * namespace unshared (no network: a stray command cannot reach our services), and the
 * command killed if the executor dies. No --new-session: the command must stay in the
 * process group the executor kills on timeout (it has no terminal to abuse either way).
 */
export function bwrapArgs(opts: BwrapOptions, command: string[]): string[] {
  const readOnly = [...SYSTEM_FOLDERS, ...(opts.readOnly ?? [])]
    .filter((dir, i, all) => all.indexOf(dir) === i && !SYSTEM_FOLDERS.some((s) => s !== dir && dir.startsWith(`${s}/`)));
  return [
    ...readOnly.flatMap((dir) => ['--ro-bind-try', dir, dir]),
    '--proc', '/proc',
    '--dev', '/dev',
    '--tmpfs', '/tmp',
    '--bind', opts.workspace, opts.workspace,
    '--chdir', opts.workspace,
    '--unshare-all',
    '--die-with-parent',
    '--',
    ...command,
  ];
}

/** The first executable `name` on a PATH-style list of folders, or null. */
export function findExecutable(name: string, searchPath: string): string | null {
  for (const dir of searchPath.split(':').filter(Boolean)) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // Not in this folder: look in the next one.
    }
  }
  return null;
}
