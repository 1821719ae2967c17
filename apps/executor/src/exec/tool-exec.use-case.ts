import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { CofounderConfig } from '@cofounder/config';
import { InvalidInput, NotFound, TOOL_CALL_SILENT_INTERVALS, TOOL_NAMES, ToolExecReplyV1, Unavailable } from '@cofounder/contracts';
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
import { ExecutorInstance } from '../tool-calls/executor-instance';
import { StoredToolResult, ToolCallKey, ToolCallRecord, ToolCallRepository } from '../tool-calls/tool-call.repository';
import { ToolProgressPublisher } from './tool-progress.publisher';

export interface ToolCall {
  runId: string;
  ownerId: string;
  toolUseId: string;
  /** A string, not ToolName: a name the model made up gets an answer it can read. */
  tool: string;
  input: Record<string, unknown>;
}

const INTERRUPTED_OUTPUT = 'This tool call was interrupted: the executor running it stopped before it finished, and every process '
  + 'the command started was stopped with it. It may or may not have taken effect; check before repeating it.';
const RUNNING_ELSEWHERE_OUTPUT = 'This tool call is still running on another executor; its result is not known yet.';

/**
 * One tool call, run once by (runId, toolUseId) however often it is asked for: the owner's
 * sandbox, the tool, a redacted result kept in the tool-call table, timed, with progress
 * reported and a heartbeat kept while it runs. Asked again, it attaches to the command when
 * this process runs it, answers the stored result once it has finished, says `running` while
 * another live executor runs it, and `interrupted` once that executor has stopped heartbeating.
 */
@Injectable()
export class ToolExecUseCase implements OnApplicationShutdown {
  private readonly log = new Logger(ToolExecUseCase.name);
  private readonly tools: ReadonlyMap<string, Tool>;
  private readonly shutdown = new AbortController();
  private readonly duration: Histogram<'tool' | 'outcome'>;
  /** Answers in hand by call: a repeated request gets the same promise, never a second run. */
  private readonly answering = new Map<string, Promise<ToolExecReplyV1>>();

  constructor(
    private readonly sandboxes: SandboxPool,
    bash: BashTool, read: ReadTool, write: WriteTool, edit: EditTool, glob: GlobTool, grep: GrepTool, ls: LsTool,
    metrics: MetricsRegistry,
    private readonly progress: ToolProgressPublisher,
    private readonly config: CofounderConfig,
    private readonly calls: ToolCallRepository,
    private readonly instance: ExecutorInstance,
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

  execute(call: ToolCall): Promise<ToolExecReplyV1> {
    const inHand = JSON.stringify([call.runId, call.toolUseId, call.ownerId]);
    const attached = this.answering.get(inHand);
    if (attached) return attached;
    const answer = this.answer(call).finally(() => this.answering.delete(inHand));
    this.answering.set(inHand, answer);
    return answer;
  }

  private get staleAfterMs(): number {
    return TOOL_CALL_SILENT_INTERVALS * this.config.time.toolProgressMs;
  }

  private async answer(call: ToolCall): Promise<ToolExecReplyV1> {
    const key: ToolCallKey = { runId: call.runId, toolUseId: call.toolUseId, ownerId: call.ownerId };
    if (await this.calls.claim(key, call.tool, this.instance.id)) return this.runClaimed(call, key);
    const known = await this.calls.find(key, this.staleAfterMs);
    // Another founder's call: the words used for a run that does not exist.
    if (!known) throw new NotFound(`run ${call.runId} not found`);
    if (known.status !== 'running' || !known.stale) return replyFor(known);
    if (await this.calls.interruptIfStale(key, this.staleAfterMs, INTERRUPTED_OUTPUT)) {
      this.log.warn({ msg: 'tool call interrupted: its executor stopped', runId: call.runId, toolUseId: call.toolUseId, deadInstance: known.instanceId });
    }
    // Ours or a concurrent instance's declaration: read the one that was kept.
    const settled = await this.calls.find(key, this.staleAfterMs);
    if (!settled) throw new NotFound(`run ${call.runId} not found`);
    return replyFor(settled);
  }

  /** Runs a call this instance has just claimed, keeping its heartbeat, and stores its result. */
  private async runClaimed(call: ToolCall, key: ToolCallKey): Promise<ToolExecReplyV1> {
    const started = performance.now();
    const elapsedMs = () => Math.round(performance.now() - started);
    // A name the model made up is one label, not one per name.
    const tool = this.tools.has(call.tool) ? call.tool : 'unknown';
    // Stopped when another instance has declared the call interrupted: its answer is given already.
    const superseded = new AbortController();
    // From the start: finding or creating the sandbox can take a while too (e2b).
    const ticker = setInterval(() => this.stillRunning(call, key, elapsedMs(), superseded), this.config.time.toolProgressMs);
    let result: ToolResult;
    let sandbox: Sandbox;
    try {
      sandbox = await this.sandboxes.forRun(call.runId, call.ownerId);
      result = await this.run(call, sandbox, AbortSignal.any([this.shutdown.signal, superseded.signal]));
      // Cut short by our own shutdown: no result for the model, the next executor runs it.
      if (this.shutdown.signal.aborted) throw new Unavailable('the executor is shutting down; ask again');
    } catch (err) {
      // Not a result the model can read but a failure of ours (the sandbox unreachable or gone,
      // or this executor stopping): asked again, the call runs again, in a sandbox opened anew.
      this.duration.observe({ tool, outcome: 'failed' }, elapsedMs() / 1000);
      await this.calls.release(key, this.instance.id);
      this.sandboxes.forget(call.runId);
      throw err;
    } finally {
      clearInterval(ticker);
    }
    const durationMs = elapsedMs();
    this.duration.observe({ tool, outcome: result.isError ? 'error' : 'ok' }, durationMs / 1000);
    this.log.log({ msg: 'tool completed', runId: call.runId, toolUseId: call.toolUseId, tool, isError: result.isError, exitCode: result.exitCode, durationMs });
    const stored: StoredToolResult = { isError: result.isError, output: redactSecrets(sandbox.hideHostPaths(result.output)), exitCode: result.exitCode, durationMs };
    if (await this.calls.finish(key, this.instance.id, stored)) return stored;
    // Declared interrupted while it ran (this process looked dead): that answer went out first and stands.
    const kept = await this.calls.find(key, this.staleAfterMs);
    if (!kept) throw new NotFound(`run ${call.runId} not found`);
    return replyFor(kept);
  }

  /** Every progress interval: tell the caller, and every other instance, that the call is alive here. */
  private stillRunning(call: ToolCall, key: ToolCallKey, elapsedMs: number, superseded: AbortController): void {
    this.progress.publish({ runId: call.runId, toolUseId: call.toolUseId, elapsedMs });
    this.calls.heartbeat(key, this.instance.id).then((mine) => {
      if (!mine) superseded.abort();
    }, (err: unknown) => {
      // The next interval tries again; missing three in a row lets another instance call it interrupted.
      this.log.warn({ msg: 'tool call heartbeat not saved', runId: call.runId, toolUseId: call.toolUseId, error: String(err) });
    });
  }

  /** Stops running commands, so that shutting down is not held up by a 10-minute build. */
  onApplicationShutdown(): void {
    this.shutdown.abort();
  }

  private async run(call: ToolCall, sandbox: Sandbox, signal: AbortSignal): Promise<ToolResult> {
    const tool = this.tools.get(call.tool);
    if (!tool) {
      return { isError: true, output: `Unknown tool ${JSON.stringify(call.tool)}. The tools are: ${TOOL_NAMES.join(', ')}.` };
    }
    try {
      return await tool.run(call.input, { sandbox, signal });
    } catch (err) {
      if (err instanceof InvalidInput) return { isError: true, output: `Invalid input for ${call.tool}: ${err.message}` };
      if (err instanceof ToolError || err instanceof SandboxFileError) return { isError: true, output: err.message };
      throw err;
    }
  }
}

function replyFor(record: ToolCallRecord): ToolExecReplyV1 {
  switch (record.status) {
    case 'finished': return record.result;
    case 'interrupted': return { ...record.result, state: 'interrupted' };
    case 'running': return { isError: true, output: RUNNING_ELSEWHERE_OUTPUT, durationMs: 0, state: 'running' };
    default: return assertNever(record);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected tool call record ${JSON.stringify(value)}`);
}
