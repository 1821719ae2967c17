import { Injectable, Logger } from '@nestjs/common';
import { CofounderConfig } from '@cofounder/config';
import { decode, InvalidInput, Subjects, ToolName, ToolProgressV1, ToolsExec } from '@cofounder/contracts';
import { NatsConnectionHolder, parseJson, RpcClient } from '@cofounder/messaging';
import { ToolCall } from '../runs/agent-loop/model-reply';
import { RunRecord, ToolOutcome, ToolRunner } from '../runs/ports';

/** Margin over the tool's own timeout for the executor to kill, capture and answer. */
const REPLY_MARGIN_MS = 15_000;

/**
 * Runs a tool in the run's sandbox through the executor. While it runs, the executor's
 * progress messages for the call (tool.progress.<runId>) are handed to `onProgress`.
 */
@Injectable()
export class ExecutorToolRunner extends ToolRunner {
  private readonly log = new Logger(ExecutorToolRunner.name);

  constructor(private readonly rpc: RpcClient, private readonly nats: NatsConnectionHolder, private readonly config: CofounderConfig) {
    super();
  }

  async run(run: RunRecord, call: ToolCall, onProgress: (elapsedMs: number) => void): Promise<ToolOutcome> {
    const requested = typeof call.input.timeout_ms === 'number' ? call.input.timeout_ms : this.config.limits.toolTimeoutMs;
    const toolTimeout = Math.min(Math.max(requested, 1), this.config.limits.toolTimeoutMaxMs);
    // Subscribed before the request goes out, on the same connection: no progress can come first.
    const stopFollowing = this.followProgress(run.id, call.id, onProgress);
    try {
      const reply = await this.rpc.request(ToolsExec, {
        runId: run.id, ownerId: run.ownerId, toolUseId: call.id, tool: call.name as ToolName, input: call.input,
      }, { timeoutMs: toolTimeout + REPLY_MARGIN_MS });
      return { output: reply.output, isError: reply.isError, exitCode: reply.exitCode, durationMs: reply.durationMs };
    } finally {
      stopFollowing();
    }
  }

  private followProgress(runId: string, toolUseId: string, onProgress: (elapsedMs: number) => void): () => void {
    let lastElapsedMs = 0;
    const subscription = this.nats.nc.subscribe(Subjects.toolProgress(runId), {
      callback: (err, msg) => {
        if (err) {
          this.log.warn({ msg: 'tool progress subscription failed', runId, error: err.message });
          return;
        }
        const progress = this.decodeProgress(msg.data);
        // Never backwards: core NATS may deliver two reports out of order.
        if (progress?.toolUseId === toolUseId && progress.elapsedMs > lastElapsedMs) {
          lastElapsedMs = progress.elapsedMs;
          onProgress(lastElapsedMs);
        }
      },
    });
    // The step itself is kept alive by the transport while the handler runs: this only reports.
    return () => subscription.unsubscribe();
  }

  /** Progress is a courtesy: a message that is not one is dropped, not worth failing the tool. */
  private decodeProgress(data: Uint8Array): ToolProgressV1 | null {
    try {
      return decode(ToolProgressV1, parseJson(data));
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      this.log.warn({ msg: 'invalid tool progress dropped', error: err.message });
      return null;
    }
  }
}
