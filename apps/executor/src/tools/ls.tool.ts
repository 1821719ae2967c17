import { Injectable } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import { decode } from '@cofounder/contracts';
import { SandboxEntry } from '../sandbox/sandbox';
import { Tool, ToolContext, ToolResult } from './tool';
import { ToolError } from './tool-error';

export class LsInput {
  @IsOptional() @IsString() path?: string;
}

/** Entries shown. */
export const LS_MAX_SHOWN = 500;
/** Entries read to sort from: a huge folder costs this much, not its size. */
export const LS_MAX_READ = 10_000;

const SUFFIX: Record<SandboxEntry['type'], string> = { directory: '/', symlink: '@', file: '', other: '' };

export function renderListing(entries: SandboxEntry[], complete: boolean): string {
  if (entries.length === 0) return '(empty directory)';
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines = sorted.slice(0, LS_MAX_SHOWN).map((e) => `${e.name}${SUFFIX[e.type]}`);
  if (!complete) {
    lines.push(`[... truncated: showing the first ${LS_MAX_SHOWN} of the ${LS_MAX_READ} entries read; the folder holds more. Use bash (find, ls | head) to search it ...]`);
  } else if (sorted.length > LS_MAX_SHOWN) {
    lines.push(`[... truncated: showing ${LS_MAX_SHOWN} of ${sorted.length} entries ...]`);
  }
  return lines.join('\n');
}

@Injectable()
export class LsTool implements Tool {
  readonly name = 'ls';

  async run(input: Record<string, unknown>, { sandbox }: ToolContext): Promise<ToolResult> {
    const { path = '.' } = decode(LsInput, input);
    const found = await sandbox.stat(path);
    if (!found) throw new ToolError(`${path}: no such directory`);
    if (found.type !== 'directory') throw new ToolError(`${path} is not a directory; read it with read`);
    const { entries, complete } = await sandbox.list(path, LS_MAX_READ);
    return { isError: false, output: renderListing(entries, complete) };
  }
}
