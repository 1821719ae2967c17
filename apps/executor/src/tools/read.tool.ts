import { Injectable } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Min, MinLength } from 'class-validator';
import { decode } from '@cofounder/contracts';
import { LinePager, PageWindow, TextPage } from './line-pager';
import { Tool, ToolContext, ToolResult } from './tool';
import { ToolError } from './tool-error';

export class ReadInput {
  @IsString() @MinLength(1) path!: string;
  @IsOptional() @IsInt() @Min(1) offset?: number;
  @IsOptional() @IsInt() @Min(1) limit?: number;
}

export const DEFAULT_READ_LINES = 2000;
/** A larger limit is lowered to this; the note at the end says where to go on. */
export const MAX_READ_LINES = 10_000;
export const MAX_LINE_CHARS = 2000;

/** `cat -n` style: the number right-aligned in six columns, a tab, the line. */
export function renderPage(page: TextPage, window: PageWindow): string {
  if (page.totalLines === 0) return '(the file is empty)';
  if (window.offset > page.totalLines) {
    return `[the file has ${page.totalLines} lines; offset ${window.offset} is past its end]`;
  }
  const lines = page.lines.map((l) => `${String(l.number).padStart(6)}\t${l.text}${l.cutChars ? ` [... line cut: ${l.cutChars} more characters ...]` : ''}`);
  const last = page.lines[page.lines.length - 1].number;
  const remaining = page.totalLines - last;
  if (remaining > 0) lines.push(`[... file has ${remaining} more lines; read with offset=${last + 1} ...]`);
  return lines.join('\n');
}

@Injectable()
export class ReadTool implements Tool {
  readonly name = 'read';

  async run(input: Record<string, unknown>, { sandbox }: ToolContext): Promise<ToolResult> {
    const { path, offset, limit } = decode(ReadInput, input);
    const found = await sandbox.stat(path);
    if (!found) throw new ToolError(`${path}: no such file`);
    if (found.type === 'directory') throw new ToolError(`${path} is a directory; list it with ls`);
    // A FIFO or a device would block or never end.
    if (found.type !== 'file') throw new ToolError(`${path} is not a regular file`);
    const window = { offset: offset ?? 1, limit: Math.min(limit ?? DEFAULT_READ_LINES, MAX_READ_LINES), maxLineChars: MAX_LINE_CHARS };
    const pager = new LinePager(window);
    for await (const chunk of sandbox.readStream(path)) {
      if (!pager.write(chunk)) break;
    }
    const page = pager.end();
    // Bytes that are not text would cost the model many tokens and tell it nothing.
    if (page.binary) return { isError: false, output: `${path}: ${page.kind}, ${found.size} bytes; not shown` };
    return { isError: false, output: renderPage(page, window) };
  }
}
