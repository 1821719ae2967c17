import { describeCommand } from './command-summary';
import { shorten, showPath } from './shown-text';

/** Plain words for a founder watching the run: what the agent is doing, not which tool it called. */
export function describeToolCall(tool: string, input: Record<string, unknown>): string {
  const text = (key: string) => (typeof input[key] === 'string' && input[key] ? (input[key] as string) : undefined);
  const path = text('path');
  const file = path ? showPath(path) : 'a file';
  switch (tool) {
    case 'bash':
      return describeCommand(text('command') ?? '');
    case 'read':
      return `Reading ${linesOf(input)}${file}`;
    case 'write':
      return `Writing ${file}`;
    case 'edit':
      return `Editing ${file}`;
    case 'glob':
      return `Looking for files matching ${shorten(text('pattern') ?? 'a pattern', 40)}${path && path !== '.' ? ` in ${showPath(path)}` : ''}`;
    case 'grep': {
      const pattern = text('pattern');
      const where = path && path !== '.' ? showPath(path) : 'the code';
      return pattern ? `Searching ${where} for "${shorten(pattern, 40)}"` : `Searching ${where}`;
    }
    case 'ls':
      return path && path !== '.' ? `Looking at the files in ${file}` : 'Looking at the project\'s files';
    default:
      return `Using the ${shorten(tool, 30)} tool`;
  }
}

/** "lines 40–80 of " when the read is a page of the file. */
function linesOf(input: Record<string, unknown>): string {
  const offset = typeof input.offset === 'number' ? input.offset : undefined;
  const limit = typeof input.limit === 'number' ? input.limit : undefined;
  if (offset === undefined) return limit !== undefined ? `the first ${limit} lines of ` : '';
  if (limit === undefined) return `from line ${offset} of `;
  return `lines ${offset}–${offset + limit - 1} of `;
}

export function describeOutcome(summary: string, ok: boolean, exitCode?: number): string {
  if (ok) return summary;
  return exitCode !== undefined ? `${summary}: failed (exit code ${exitCode})` : `${summary}: failed`;
}
