import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { CofounderConfig } from '@cofounder/config';
import { InvalidInput, TOOL_NAMES, ToolExecReplyV1 } from '@cofounder/contracts';
import { MetricsRegistry, redactSecrets } from '@cofounder/observability';
import { SandboxFileError } from '../sandbox/sandbox-errors';
import { SandboxPool } from '../sandbox/sandbox-pool.service';
import { Sandbox } from '../sandbox/sandbox';
import { BashTool } from '../tools/bash.tool';
import { EditTool } from '../tools/edit.tool';
import { GlobTool } from '../tools/glob.tool';
import { GrepTool } from '../tools/grep.tool';
import { LsTool } from '../tools/ls.tool';
import { ReadTool } from '../tools/read.tool';
import { Tool, ToolResult } from '../tools/tool';
import { ToolError } from '../tools/tool-error';
import { WriteTool } from '../tools/write.tool';
import { ToolProgressPublisher } from './tool-progress.publisher';

export interface ToolCall {
  runId: string;
  ownerId: string;
  toolUseId: string;
  /** A string, not ToolName: a name the model made up gets an answer it can read. */
  tool: string;
  input: Record<string, unknown>;
}

/** One tool call: the owner's sandbox, the tool, a redacted result, timed, with progress reported while it runs. */
@Injectable()
export class ToolExecUseCase implements OnApplicationShutdown {
  private readonly log = new Logger(ToolExecUseCase.name);
  private readonly tools: ReadonlyMap<string, Tool>;
  private readonly shutdown = new AbortController();
  private readonly duration: Histogram<'tool' | 'outcome'>;

  constructor(
    private readonly sandboxes: SandboxPool,
    bash: BashTool, read: ReadTool, write: WriteTool, edit: EditTool, glob: GlobTool, grep: GrepTool, ls: LsTool,
    metrics: MetricsRegistry,
    private readonly progress: ToolProgressPublisher,
    private readonly config: CofounderConfig,
  ) {
    this.tools = new Map<string, Tool>([bash, read, write, edit, glob, grep, ls].map((t) => [t.name, t]));
    this.duration = new Histogram({
      name: 'cofounder_executor_tool_duration_seconds',
      help: 'One tool call, from request to result',
      labelNames: ['tool', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600],
      registers: [metrics],
    });
  }

  async execute(call: ToolCall): Promise<ToolExecReplyV1> {
    const started = performance.now();
    const elapsedMs = () => Math.round(performance.now() - started);
    // From the start: finding or creating the sandbox can take a while too (e2b).
    const ticker = setInterval(() => this.progress.publish({ runId: call.runId, toolUseId: call.toolUseId, elapsedMs: elapsedMs() }), this.config.time.toolProgressMs);
    let result: ToolResult;
    try {
      const sandbox = await this.sandboxes.forRun(call.runId, call.ownerId);
      result = await this.run(call, sandbox);
    } finally {
      clearInterval(ticker);
    }
    const durationMs = elapsedMs();
    const tool = this.tools.has(call.tool) ? call.tool : 'unknown';
    this.duration.observe({ tool, outcome: result.isError ? 'error' : 'ok' }, durationMs / 1000);
    this.log.log({ msg: 'tool completed', runId: call.runId, toolUseId: call.toolUseId, tool, isError: result.isError, exitCode: result.exitCode, durationMs });
    return { isError: result.isError, output: redactSecrets(result.output), exitCode: result.exitCode, durationMs };
  }

  /** Stops running commands, so that shutting down is not held up by a 10-minute build. */
  onApplicationShutdown(): void {
    this.shutdown.abort();
  }

  private async run(call: ToolCall, sandbox: Sandbox): Promise<ToolResult> {
    const tool = this.tools.get(call.tool);
    if (!tool) {
      return { isError: true, output: `Unknown tool ${JSON.stringify(call.tool)}. The tools are: ${TOOL_NAMES.join(', ')}.` };
    }
    try {
      return await tool.run(call.input, { sandbox, signal: this.shutdown.signal });
    } catch (err) {
      if (err instanceof InvalidInput) return { isError: true, output: `Invalid input for ${call.tool}: ${err.message}` };
      if (err instanceof ToolError || err instanceof SandboxFileError) return { isError: true, output: err.message };
      throw err;
    }
  }
}
