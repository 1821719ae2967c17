import type { ToolName } from '@cofounder/contracts';
import type { Sandbox } from '../sandbox/sandbox';

export interface ToolContext {
  sandbox: Sandbox;
  /** Aborted when the executor shuts down: long commands stop rather than hold it up. */
  signal: AbortSignal;
}

/** What the model reads: a failed tool is a result with isError, not an exception. */
export interface ToolResult {
  isError: boolean;
  output: string;
  exitCode?: number;
}

/**
 * One tool as the model sees it. `run` decodes its own input (an invalid one throws
 * InvalidInput) and may throw ToolError or SandboxFileError for a failure the model can fix.
 */
export interface Tool {
  readonly name: ToolName;
  run(input: Record<string, unknown>, ctx: ToolContext): Promise<ToolResult>;
}
