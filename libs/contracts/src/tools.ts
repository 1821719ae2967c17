/** The tools as the model sees them: names and input schemas (Claude Code semantics). */
export const TOOL_NAMES = ['bash', 'read', 'write', 'edit', 'glob', 'grep', 'ls'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export interface ToolDefinition {
  name: ToolName;
  description: string;
  input_schema: { type: 'object'; properties: Record<string, unknown>; required?: string[] };
}

export const TOOL_DEFINITIONS: readonly ToolDefinition[] = [
  {
    name: 'bash',
    description:
      'Run a shell command in the workspace. The result starts with the exit code, then stdout and stderr, ' +
      'each capped at 30,000 characters keeping the head and the tail. Default timeout 2 minutes, at most 10.',
    input_schema: {
      type: 'object',
      properties: {
        command: { type: 'string', description: 'The command to run.' },
        timeout_ms: { type: 'integer', description: 'Timeout in milliseconds (at most 600000).' },
      },
      required: ['command'],
    },
  },
  {
    name: 'read',
    description: 'Read a file as numbered lines. Pages with offset (1-based line) and limit (2,000 lines by default).',
    input_schema: {
      type: 'object',
      properties: {
        path: { type: 'string' },
        offset: { type: 'integer', minimum: 1 },
        limit: { type: 'integer', minimum: 1 },
      },
      required: ['path'],
    },
  },
  {
    name: 'write',
    description: 'Write a file, creating its parent folders; replaces the file if it exists.',
    input_schema: {
      type: 'object',
      properties: { path: { type: 'string' }, content: { type: 'string' } },
      required: ['path', 'content'],
    },
  },
  {
    name: 'edit',
    description: 'Replace old_string with new_string in a file. old_string must occur exactly once unless replace_all is true.',
    input_schema: {
      type: 'object',
      properties: {
        path: { type: 'string' },
        old_string: { type: 'string' },
        new_string: { type: 'string' },
        replace_all: { type: 'boolean' },
      },
      required: ['path', 'old_string', 'new_string'],
    },
  },
  {
    name: 'glob',
    description: 'Find files by glob pattern (e.g. "src/**/*.ts"), newest first.',
    input_schema: {
      type: 'object',
      properties: { pattern: { type: 'string' }, path: { type: 'string' } },
      required: ['pattern'],
    },
  },
  {
    name: 'grep',
    description: 'Search file contents with a regular expression. output_mode: "files_with_matches" (default), "content" (matching lines with numbers) or "count".',
    input_schema: {
      type: 'object',
      properties: {
        pattern: { type: 'string' },
        path: { type: 'string' },
        glob: { type: 'string' },
        output_mode: { type: 'string', enum: ['content', 'files_with_matches', 'count'] },
      },
      required: ['pattern'],
    },
  },
  {
    name: 'ls',
    description: 'List a folder of the workspace (the root by default).',
    input_schema: { type: 'object', properties: { path: { type: 'string' } } },
  },
];
