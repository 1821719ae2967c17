import { Injectable } from '@nestjs/common';
import { CofounderConfig } from '@cofounder/config';
import { ToolName, ToolsExec } from '@cofounder/contracts';
import { RpcClient } from '@cofounder/messaging';
import { ToolCall } from '../runs/agent-loop/model-reply';
import { RunRecord, ToolOutcome, ToolRunner } from '../runs/ports';

/** Margin over the tool's own timeout for the executor to kill, capture and answer. */
const REPLY_MARGIN_MS = 15_000;

/** Runs a tool in the run's sandbox through the executor, keeping the step alive meanwhile. */
@Injectable()
export class ExecutorToolRunner extends ToolRunner {
  constructor(private readonly rpc: RpcClient, private readonly config: CofounderConfig) {
    super();
  }

  async run(run: RunRecord, call: ToolCall, onProgress: (elapsedMs: number) => void): Promise<ToolOutcome> {
    const requested = typeof call.input.timeout_ms === 'number' ? call.input.timeout_ms : this.config.limits.toolTimeoutMs;
    const toolTimeout = Math.min(Math.max(requested, 1), this.config.limits.toolTimeoutMaxMs);
    const started = Date.now();
    const keepAlive = setInterval(() => onProgress(Date.now() - started), Math.max(1000, Math.floor(this.config.limits.ackWaitMs / 3)));
    try {
      const reply = await this.rpc.request(ToolsExec, {
        runId: run.id, ownerId: run.ownerId, toolUseId: call.id, tool: call.name as ToolName, input: call.input,
      }, { timeoutMs: toolTimeout + REPLY_MARGIN_MS });
      return { output: reply.output, isError: reply.isError, exitCode: reply.exitCode, durationMs: reply.durationMs };
    } finally {
      clearInterval(keepAlive);
    }
  }
}
