import path from 'node:path';
import { Injectable } from '@nestjs/common';
import { IsOptional, IsString, MinLength } from 'class-validator';
import { decode } from '@cofounder/contracts';
import { globToRegExp, splitStaticPrefix } from './glob-pattern';
import { Tool, ToolContext, ToolResult } from './tool';
import { ToolError } from './tool-error';
import { FoundFile, newestFirst, resolveSearchPath, sandboxPath, walkFiles, WALK_MAX_ENTRIES, workspaceRelative } from './workspace-walk';

export class GlobInput {
  @IsString() @MinLength(1) pattern!: string;
  @IsOptional() @IsString() path?: string;
}

/** Files shown. */
export const GLOB_MAX_SHOWN = 500;

export function renderGlob(files: FoundFile[], complete: boolean): string {
  if (files.length === 0) return complete ? 'No files found' : `No files found in the first ${WALK_MAX_ENTRIES} entries searched; narrow the path or pattern`;
  const sorted = [...files].sort(newestFirst);
  const lines = sorted.slice(0, GLOB_MAX_SHOWN).map((f) => f.path);
  if (sorted.length > GLOB_MAX_SHOWN) lines.push(`[... truncated: showing the ${GLOB_MAX_SHOWN} newest of ${sorted.length} matching files; narrow the path or pattern ...]`);
  if (!complete) lines.push(`[... the search stopped after ${WALK_MAX_ENTRIES} entries; there may be more matches. Narrow the path or pattern ...]`);
  return lines.join('\n');
}

/** Files matching a glob, newest first; paths relative to the workspace root. */
@Injectable()
export class GlobTool implements Tool {
  readonly name = 'glob';

  async run(input: Record<string, unknown>, { sandbox, signal }: ToolContext): Promise<ToolResult> {
    const { pattern, path: at = '.' } = decode(GlobInput, input);
    const base = await resolveSearchPath(sandbox, at);
    if (base.found.type !== 'directory') throw new ToolError(`${at} is not a directory`);
    // Folders the pattern spells out are gone to directly (and confined like any path).
    const { prefix, rest } = splitStaticPrefix(pattern);
    let startRel = base.rel;
    if (prefix !== '') {
      const start = workspaceRelative(sandbox, path.posix.resolve(sandbox.root, sandboxPath(base.rel), prefix));
      // `../x/*` lands outside: the sandbox refuses it.
      const found = await sandbox.stat(sandboxPath(start));
      if (found?.type !== 'directory') return { isError: false, output: 'No files found' };
      startRel = start;
    }
    const matcher = globToRegExp(rest);
    const { files, complete } = await walkFiles(sandbox, startRel, { include: (sub) => matcher.test(sub), mentions: pattern, signal });
    return { isError: false, output: renderGlob(files, complete) };
  }
}
