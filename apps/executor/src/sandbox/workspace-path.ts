import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { WORKSPACE } from './sandbox';
import { rethrowAsFileError, SandboxFileError } from './sandbox-errors';

function isInside(root: string, candidate: string, p: path.PlatformPath): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(p.sep) ? root : root + p.sep);
}

/**
 * A tool path made absolute against the workspace root, by its text alone: relative paths
 * (the empty path is the root) and absolute paths inside the root are accepted; `..` that
 * climbs out, or an absolute path elsewhere, is refused.
 */
export function resolveInWorkspace(root: string, input: string, p: path.PlatformPath = path): string {
  if (input.includes('\0')) throw new SandboxFileError('invalid_path', input);
  const candidate = p.resolve(root, input === '' ? '.' : input);
  if (!isInside(root, candidate, p)) throw new SandboxFileError('outside_workspace', input);
  return candidate;
}

/**
 * A tool path (relative, or absolute under WORKSPACE) as the path of the same file in the
 * workspace's folder on this machine, `hostRoot`; by its text alone, refusing what is outside.
 */
export function toHostPath(hostRoot: string, input: string): string {
  const inWorkspace = resolveInWorkspace(WORKSPACE, input, path.posix);
  return path.join(hostRoot, path.posix.relative(WORKSPACE, inWorkspace));
}

/**
 * toHostPath, and symbolic links are followed too: the realpath of the deepest part of the
 * path that exists must stay inside `root` (the workspace's host folder, a realpath). Returns
 * the real path to operate on. A bash command running at the same moment could still swap a folder
 * for a link between this check and the file operation; the sandbox (bubblewrap, or e2b's VM)
 * is the boundary for that, this check keeps the file tools honest.
 */
export async function resolveConfined(root: string, input: string): Promise<string> {
  const candidate = toHostPath(root, input);
  const missing: string[] = [];
  let existing = candidate;
  for (;;) {
    let real: string;
    try {
      real = await realpath(existing);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') rethrowAsFileError(err, input);
      if (await isPresent(existing)) throw new SandboxFileError('dangling_link', input);
      missing.unshift(path.basename(existing));
      existing = path.dirname(existing);
      continue;
    }
    const resolved = path.join(real, ...missing);
    if (!isInside(root, resolved, path)) throw new SandboxFileError('outside_workspace', input);
    return resolved;
  }
}

/** True for a name that is there although realpath cannot follow it: a link to nowhere. */
async function isPresent(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
