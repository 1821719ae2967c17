import path from 'node:path';
import { Injectable } from '@nestjs/common';
import { IsIn, IsOptional, IsString, MinLength } from 'class-validator';
import { decode } from '@cofounder/contracts';
import { redactSecrets } from '@cofounder/observability';
import { Sandbox } from '../sandbox/sandbox';
import { SandboxFileError } from '../sandbox/sandbox-errors';
import { describeBinary, SNIFF_BYTES } from './binary-kind';
import { replaceControlChars, stripColourCodes } from './text-stream-sanitizer';
import { globToRegExp } from './glob-pattern';
import { Tool, ToolContext, ToolResult } from './tool';
import { ToolError } from './tool-error';
import { byPath, FoundFile, newestFirst, resolveSearchPath, stoppedIfAborted, walkFiles, WALK_MAX_ENTRIES } from './workspace-walk';

export const GREP_OUTPUT_MODES = ['files_with_matches', 'content', 'count'] as const;
export type GrepOutputMode = (typeof GREP_OUTPUT_MODES)[number];

export class GrepInput {
  @IsString() @MinLength(1) pattern!: string;
  @IsOptional() @IsString() path?: string;
  @IsOptional() @IsString() glob?: string;
  @IsOptional() @IsIn(GREP_OUTPUT_MODES) output_mode?: GrepOutputMode;
}

/** Files over this size are not searched. */
export const GREP_MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Lines (content), files (files_with_matches, count) shown. */
export const GREP_MAX_RESULTS = 500;
export const GREP_MAX_LINE_CHARS = 500;

interface FileMatches {
  file: FoundFile;
  /** Matching lines, numbered from 1; in count mode only `count` is kept. */
  lines: { number: number; text: string }[];
  count: number;
}

export function compilePattern(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (err) {
    throw new ToolError(`Invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
}

/** A glob filter as ripgrep's --glob reads it: without a `/` it matches the file's name at any depth. */
export function globFilter(glob: string | undefined): (sub: string) => boolean {
  if (!glob) return () => true;
  const re = globToRegExp(glob);
  return glob.includes('/') ? (sub) => re.test(sub) : (sub) => re.test(path.posix.basename(sub));
}

function cut(text: string): string {
  return text.length > GREP_MAX_LINE_CHARS ? `${text.slice(0, GREP_MAX_LINE_CHARS)} [... line cut: ${text.length - GREP_MAX_LINE_CHARS} more characters ...]` : text;
}

/** Searches with a JavaScript RegExp, line by line, through the sandbox's file operations. */
@Injectable()
export class GrepTool implements Tool {
  readonly name = 'grep';

  async run(input: Record<string, unknown>, { sandbox, signal }: ToolContext): Promise<ToolResult> {
    const { pattern, path: at = '.', glob, output_mode: mode = 'files_with_matches' } = decode(GrepInput, input);
    const regex = compilePattern(pattern);
    const base = await resolveSearchPath(sandbox, at);
    let files: FoundFile[];
    let complete = true;
    if (base.found.type === 'directory') {
      ({ files, complete } = await walkFiles(sandbox, base.rel, { include: globFilter(glob), mentions: `${glob ?? ''} ${at}`, signal }));
    } else if (base.found.type === 'file') {
      files = [{ path: base.rel, sub: path.posix.basename(base.rel), size: base.found.size, mtimeMs: base.found.mtimeMs ?? 0 }];
    } else {
      throw new ToolError(`${at} is not a regular file or a directory`);
    }
    files.sort(byPath);

    const results: FileMatches[] = [];
    let lines = 0;
    let truncated = false;
    for (const file of files) {
      stoppedIfAborted(signal);
      const text = await this.readText(sandbox, file);
      if (text === null) continue;
      const found = this.search(text, regex, mode);
      if (found.count === 0) continue;
      if (mode === 'content' && lines + found.lines.length > GREP_MAX_RESULTS) {
        found.lines = found.lines.slice(0, GREP_MAX_RESULTS - lines);
        truncated = true;
      }
      lines += found.lines.length;
      results.push({ file, ...found });
      if (truncated) break;
    }
    return { isError: false, output: this.render(results, mode, truncated, complete) };
  }

  /** The file's text; null for one too large, binary, or gone meanwhile. */
  private async readText(sandbox: Sandbox, file: FoundFile): Promise<string | null> {
    if (file.size > GREP_MAX_FILE_BYTES) return null;
    let data: Buffer;
    try {
      data = Buffer.from(await sandbox.readFile(file.path));
    } catch (err) {
      if (err instanceof SandboxFileError) return null;
      throw err;
    }
    if (data.length > GREP_MAX_FILE_BYTES || describeBinary(data.subarray(0, SNIFF_BYTES))) return null;
    return data.toString('utf8');
  }

  private search(text: string, regex: RegExp, mode: GrepOutputMode): Omit<FileMatches, 'file'> {
    const all = text.split('\n');
    if (all[all.length - 1] === '') all.pop();
    // Matched as written, shown redacted: redacting the whole file first hides a private key's
    // lines too, and a line cut at 500 characters can hold no part of a secret.
    let shown: string[] | undefined;
    const lines: FileMatches['lines'] = [];
    let count = 0;
    for (let i = 0; i < all.length; i++) {
      const line = all[i].endsWith('\r') ? all[i].slice(0, -1) : all[i];
      if (!regex.test(line)) continue;
      count++;
      if (mode === 'files_with_matches') break;
      if (mode === 'content') {
        // Colour codes go first: `PASSWORD\x1b[0m=…` must read as `PASSWORD=…` to the redactor.
        shown ??= redactSecrets(stripColourCodes(text)).split('\n');
        const redacted = shown[i].endsWith('\r') ? shown[i].slice(0, -1) : shown[i];
        lines.push({ number: i + 1, text: cut(replaceControlChars(redacted)) });
        if (lines.length > GREP_MAX_RESULTS) break;
      }
    }
    return { lines, count };
  }

  private render(results: FileMatches[], mode: GrepOutputMode, truncated: boolean, complete: boolean): string {
    const incomplete = complete ? [] : [`[... the search stopped after ${WALK_MAX_ENTRIES} entries; there may be more matches. Narrow the path or glob ...]`];
    if (results.length === 0) return ['No matches found', ...incomplete].join('\n');
    let out: string[];
    if (mode === 'content') {
      out = results.flatMap((r) => r.lines.map((l) => `${r.file.path}:${l.number}:${l.text}`));
      if (truncated) out.push(`[... truncated: showing the first ${GREP_MAX_RESULTS} matching lines; narrow the pattern, path or glob ...]`);
    } else {
      const sorted = mode === 'files_with_matches' ? results.sort((a, b) => newestFirst(a.file, b.file)) : results;
      out = sorted.slice(0, GREP_MAX_RESULTS).map((r) => (mode === 'count' ? `${r.file.path}:${r.count}` : r.file.path));
      if (sorted.length > GREP_MAX_RESULTS) out.push(`[... truncated: showing ${GREP_MAX_RESULTS} of ${sorted.length} files; narrow the pattern, path or glob ...]`);
    }
    return [...out, ...incomplete].join('\n');
  }
}
