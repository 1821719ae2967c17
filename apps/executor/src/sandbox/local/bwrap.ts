import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { WORKSPACE } from '../sandbox';

/** The sandbox's own user: never root, and with no capability even in its own namespaces. */
const SANDBOX_UID = '1000';

/** How the host's system folders look, so the sandbox sees the same layout (read-only). */
export interface HostSystem {
  /** Real folders bound read-only at the same path (/usr, /etc, the node installation...). */
  folders: string[];
  /** Top-level links kept as links, e.g. /bin → usr/bin on a merged-/usr system. */
  links: { path: string; target: string }[];
  /** Files under a bound folder that only root may read (/etc/shadow...): replaced by an empty file. */
  secretFiles: string[];
  /** Folders under a bound folder that only root may enter (/etc/ssl/private...): replaced by an empty one. */
  secretFolders: string[];
}

export interface BwrapOptions {
  /** The run's folder on the host, bound read-write at WORKSPACE. */
  workspace: string;
  system: HostSystem;
  /** Exactly the variables the command sees (--clearenv drops everything else). */
  env: Record<string, string>;
  /**
   * Outbound network: bubblewrap reports the sandbox's pid on fd 3 and waits for a byte on
   * fd 4, so the command starts only once slirp4netns has wired the namespace up. Without it
   * the new network namespace has nothing but loopback.
   */
  waitForNetwork: boolean;
}

/** The fd bubblewrap writes its JSON info (the sandbox's pid) to. */
export const INFO_FD = 3;
/** The fd bubblewrap reads one byte from before it runs the command. */
export const BLOCK_FD = 4;

/**
 * bubblewrap's arguments for one command. Every namespace is new, the user one included: as
 * root without a user namespace the command would keep every capability. The root, /home and
 * the system are read-only; the workspace at WORKSPACE (also HOME and the working directory)
 * and a private /tmp are the only writable places. No --new-session: the command must stay in
 * the process group the executor kills on timeout (it has no terminal to abuse either way).
 */
export function bwrapArgs(opts: BwrapOptions, command: string[]): string[] {
  const { system } = opts;
  return [
    '--unshare-all', '--unshare-user', '--uid', SANDBOX_UID, '--gid', SANDBOX_UID, '--cap-drop', 'ALL',
    '--die-with-parent', '--hostname', 'sandbox',
    '--proc', '/proc',
    '--dev', '/dev',
    '--tmpfs', '/tmp',
    // Before the system's folders: a node installed under /home (nvm) is bound on top of it.
    '--tmpfs', '/home',
    ...system.folders.flatMap((dir) => ['--ro-bind', dir, dir]),
    ...system.links.flatMap((link) => ['--symlink', link.target, link.path]),
    // --ro-bind of /dev/null works for a file; bwrap mounts binds nodev, so it cannot even be opened.
    ...system.secretFiles.flatMap((file) => ['--ro-bind', '/dev/null', file]),
    ...system.secretFolders.flatMap((dir) => ['--tmpfs', dir, '--remount-ro', dir]),
    '--bind', opts.workspace, WORKSPACE,
    '--remount-ro', '/home',
    '--remount-ro', '/',
    '--chdir', WORKSPACE,
    '--clearenv',
    ...Object.entries(opts.env).flatMap(([name, value]) => ['--setenv', name, value]),
    ...(opts.waitForNetwork ? ['--info-fd', String(INFO_FD), '--block-fd', String(BLOCK_FD)] : []),
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
