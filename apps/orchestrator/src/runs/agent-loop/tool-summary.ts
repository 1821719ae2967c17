/** Plain words for a founder watching the run: what the agent is doing, not which tool it called. */
const COMMAND_SUMMARIES: [RegExp, string][] = [
  [/\b(npm|pnpm|yarn)\s+(run\s+)?test\b|\bnode\s+--test\b|\bjest\b|\bvitest\b|\bpytest\b|\bgo\s+test\b|\bcargo\s+test\b/, 'Running the test suite'],
  [/\b(npm|pnpm|yarn)\s+(install|ci|add)\b|\bpip\s+install\b/, 'Installing dependencies'],
  [/\b(npm|pnpm|yarn)\s+run\s+build\b|\btsc\b|\bmake\b/, 'Building the project'],
  [/\bgit\s+/, 'Working with version control'],
  [/\b(npm|pnpm|yarn)\s+(start|run\s+dev)\b/, 'Starting the app'],
];

function shorten(text: string, max = 60): string {
  const line = text.split('\n')[0].trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function describeToolCall(tool: string, input: Record<string, unknown>): string {
  const path = typeof input.path === 'string' && input.path ? input.path : undefined;
  switch (tool) {
    case 'bash': {
      const command = typeof input.command === 'string' ? input.command : '';
      const known = COMMAND_SUMMARIES.find(([pattern]) => pattern.test(command));
      return known ? known[1] : `Running a command: ${shorten(command)}`;
    }
    case 'read':
      return `Reading ${path ?? 'a file'}`;
    case 'write':
      return `Writing ${path ?? 'a file'}`;
    case 'edit':
      return `Editing ${path ?? 'a file'}`;
    case 'glob':
      return `Looking for files matching ${typeof input.pattern === 'string' ? shorten(input.pattern, 40) : 'a pattern'}`;
    case 'grep':
      return `Searching the code for ${typeof input.pattern === 'string' ? `"${shorten(input.pattern, 40)}"` : 'a pattern'}`;
    case 'ls':
      return path && path !== '.' ? `Looking at the files in ${path}` : 'Looking at the project\'s files';
    default:
      return `Using the ${tool} tool`;
  }
}

export function describeOutcome(summary: string, ok: boolean, exitCode?: number): string {
  if (ok) return summary;
  return exitCode !== undefined ? `${summary}: failed (exit code ${exitCode})` : `${summary}: failed`;
}
