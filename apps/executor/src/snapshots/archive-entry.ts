import type { ReadEntry } from 'tar';
import { ArchiveRefused } from './snapshot-errors';

export type ArchiveEntryKind = 'file' | 'directory' | 'symlink';

/** An entry a workspace may hold, with its path as manifests keep it and restores write it. */
export interface CheckedEntry {
  /** Relative, `/`-separated, no `.` segments, no trailing slash. */
  path: string;
  kind: ArchiveEntryKind;
  /** Permission bits, sticky bit included; setuid and setgid never come back on the host. */
  mode: number;
}

const KINDS: Partial<Record<string, ArchiveEntryKind>> = {
  File: 'file', OldFile: 'file', ContiguousFile: 'file', Directory: 'directory', SymbolicLink: 'symlink',
};

/**
 * The one rule for what a snapshot may hold, applied when it is taken (the manifest) and when
 * it is restored: relative paths that stay inside, and files, folders and symbolic links only
 * (a hard link or a device could reach outside or mean nothing on another host).
 * Null for the archive's root itself (GNU tar's `./`), which is the workspace.
 */
export function checkEntry(entry: ReadEntry): CheckedEntry | null {
  const path = workspaceRelative(entry.path);
  if (path === null) throw new ArchiveRefused(entry.path, 'the path leads outside the workspace');
  const kind = KINDS[entry.type];
  if (!kind) throw new ArchiveRefused(entry.path, `a ${entry.type} entry is never restored`);
  if (path === '') {
    if (kind !== 'directory') throw new ArchiveRefused(entry.path, 'the workspace itself must be a folder');
    return null;
  }
  return { path, kind, mode: (entry.mode ?? (kind === 'directory' ? 0o755 : 0o644)) & 0o1777 };
}

/** Null when the path could name something outside: absolute, `..`, or a NUL byte. */
export function workspaceRelative(entryPath: string): string | null {
  if (entryPath.startsWith('/') || entryPath.includes('\0')) return null;
  const segments = entryPath.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return null;
  return segments.join('/');
}
