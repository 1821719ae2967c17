import { Injectable } from '@nestjs/common';
import { IsBoolean, IsOptional, IsString, MinLength } from 'class-validator';
import { decode } from '@cofounder/contracts';
import { Tool, ToolContext, ToolResult } from './tool';
import { ToolError } from './tool-error';

export class EditInput {
  @IsString() @MinLength(1) path!: string;
  @IsString() old_string!: string;
  @IsString() new_string!: string;
  @IsOptional() @IsBoolean() replace_all?: boolean;
}

/** Larger files are edited with bash (sed), not read whole into the executor. */
export const EDIT_MAX_BYTES = 10 * 1024 * 1024;

/** Non-overlapping occurrences, as split/replaceAll count them. */
export function countOccurrences(text: string, search: string): number {
  let count = 0;
  for (let at = text.indexOf(search); at !== -1; at = text.indexOf(search, at + search.length)) count++;
  return count;
}

/** Exact string replacement in a file (Claude Code semantics): unique unless replace_all. */
@Injectable()
export class EditTool implements Tool {
  readonly name = 'edit';

  async run(input: Record<string, unknown>, { sandbox }: ToolContext): Promise<ToolResult> {
    const { path, old_string: oldString, new_string: newString, replace_all: replaceAll = false } = decode(EditInput, input);
    if (oldString === '') throw new ToolError('old_string is empty; to create or replace a whole file use write');
    if (oldString === newString) throw new ToolError('old_string and new_string are the same; there is nothing to change');
    const found = await sandbox.stat(path);
    if (!found) throw new ToolError(`${path}: no such file; to create it use write`);
    if (found.type === 'directory') throw new ToolError(`${path} is a directory`);
    if (found.type !== 'file') throw new ToolError(`${path} is not a regular file`);
    if (found.size > EDIT_MAX_BYTES) throw new ToolError(`${path} is ${found.size} bytes, over the ${EDIT_MAX_BYTES}-byte limit for edit; change it with bash (sed)`);
    const data = Buffer.from(await sandbox.readFile(path));
    const text = data.toString('utf8');
    if (data.includes(0) || !Buffer.from(text, 'utf8').equals(data)) throw new ToolError(`${path} is not UTF-8 text; change it with bash`);
    const count = countOccurrences(text, oldString);
    if (count === 0) throw new ToolError(`old_string was not found in ${path}; it must match the file exactly, including whitespace and indentation (read the file first)`);
    if (count > 1 && !replaceAll) {
      throw new ToolError(`old_string occurs ${count} times in ${path}; give more surrounding context so that it occurs once, or set replace_all to replace every occurrence`);
    }
    // split/join, not String.replace: `$&` and the like in new_string stay as written.
    await sandbox.writeFile(path, text.split(oldString).join(newString));
    return { isError: false, output: `Replaced ${count} occurrence${count === 1 ? '' : 's'} in ${path}` };
  }
}
