import path from 'node:path';
import { Sandbox, SandboxStat } from '../sandbox/sandbox';
import { SandboxFileError } from '../sandbox/sandbox-errors';
import { ToolError } from './tool-error';

/** Entries a walk looks at before it stops: a huge tree costs this much, not its size. */
export const WALK_MAX_ENTRIES = 50_000;
/** Entries read from one folder. */
export const WALK_MAX_PER_FOLDER = 10_000;
/** Folders skipped unless the search names them. */
const HEAVY_FOLDERS = ['.git', 'node_modules'];

export interface FoundFile {
  /** Relative to the workspace root, `/`-separated: what the model is shown. */
  path: string;
  /** Relative to the folder the walk started from: what patterns match. */
  sub: string;
  size: number;
  mtimeMs: number;
}

export interface WalkResult {
  files: FoundFile[];
  /** False when the walk stopped at a bound: there may be more. */
  complete: boolean;
}

export interface WalkOptions {
  /** Whether a file (by its path below the start) is wanted. */
  include(sub: string): boolean;
  /** Text of the search (pattern, glob, path): a heavy folder it names is searched. */
  mentions: string;
  signal?: AbortSignal;
}

/** A tool path as a workspace-relative `/`-separated path ('' for the root), by its text. */
export function workspaceRelative(sandbox: Sandbox, input: string): string {
  return path.posix.relative(sandbox.root, path.posix.resolve(sandbox.root, input || '.'));
}

/** What the sandbox calls the folder or file at a workspace-relative path. */
export function sandboxPath(rel: string): string {
  return rel === '' ? '.' : rel;
}

/**
 * Stats a tool's `path` (confined by the sandbox, which refuses paths outside the workspace)
 * and returns it workspace-relative.
 */
export async function resolveSearchPath(sandbox: Sandbox, input: string): Promise<{ rel: string; found: SandboxStat }> {
  const found = await sandbox.stat(input);
  if (!found) throw new ToolError(`${input}: no such file or directory`);
  return { rel: workspaceRelative(sandbox, input), found };
}

export function stoppedIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ToolError('stopped: the executor is shutting down; run it again');
}

/**
 * The files below a workspace folder, through the sandbox's list: symbolic links to files are
 * followed only through the sandbox's confined stat (one leading out is left out), linked
 * folders are never entered (no cycles, no escape), `.git` and `node_modules` are skipped
 * unless named, and the walk stops after WALK_MAX_ENTRIES entries.
 */
export async function walkFiles(sandbox: Sandbox, startRel: string, opts: WalkOptions): Promise<WalkResult> {
  const files: FoundFile[] = [];
  const pending = [startRel];
  let seen = 0;
  let complete = true;
  const skip = (name: string) => HEAVY_FOLDERS.includes(name) && !opts.mentions.includes(name);
  const below = (rel: string) => (startRel === '' ? rel : rel.slice(startRel.length + 1));
  while (pending.length > 0) {
    stoppedIfAborted(opts.signal);
    const dir = pending.pop()!;
    let listing;
    try {
      listing = await sandbox.list(sandboxPath(dir), WALK_MAX_PER_FOLDER);
    } catch (err) {
      // A folder removed or unreadable meanwhile: the rest of the tree is still worth seeing.
      if (err instanceof SandboxFileError) continue;
      throw err;
    }
    if (!listing.complete) complete = false;
    for (const entry of listing.entries) {
      if (++seen > WALK_MAX_ENTRIES) return { files: await withDetails(sandbox, files), complete: false };
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.type === 'directory') {
        if (!skip(entry.name)) pending.push(rel);
      } else if (entry.type === 'file') {
        if (opts.include(below(rel))) files.push({ path: rel, sub: below(rel), size: entry.size ?? -1, mtimeMs: entry.mtimeMs ?? -1 });
      } else if (entry.type === 'symlink' && opts.include(below(rel))) {
        const target = await confinedStat(sandbox, rel);
        if (target?.type === 'file') files.push({ path: rel, sub: below(rel), size: target.size, mtimeMs: target.mtimeMs ?? 0 });
      }
    }
  }
  return { files: await withDetails(sandbox, files), complete };
}

/** A link's target through the sandbox; null when it leads outside the workspace or nowhere. */
async function confinedStat(sandbox: Sandbox, rel: string): Promise<SandboxStat | null> {
  try {
    return await sandbox.stat(rel);
  } catch (err) {
    if (err instanceof SandboxFileError) return null;
    throw err;
  }
}

/** Size and mtime from stat for the files the listing gave none for. */
async function withDetails(sandbox: Sandbox, files: FoundFile[]): Promise<FoundFile[]> {
  for (const f of files) {
    if (f.size >= 0 && f.mtimeMs >= 0) continue;
    const info = await confinedStat(sandbox, f.path);
    f.size = info?.size ?? 0;
    f.mtimeMs = info?.mtimeMs ?? 0;
  }
  return files;
}

/** Newest first; the same mtime by path, so the order is stable. */
export function newestFirst(a: { path: string; mtimeMs: number }, b: { path: string; mtimeMs: number }): number {
  return b.mtimeMs - a.mtimeMs || byPath(a, b);
}

export function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
