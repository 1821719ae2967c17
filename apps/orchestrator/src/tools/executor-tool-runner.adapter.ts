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
    const started = Date.now();
    let lastReportAt = started;
    let lastElapsedMs = 0;
    const report = (elapsedMs: number): void => {
      lastReportAt = Date.now();
      // Never backwards, whichever of the two sources below speaks.
      lastElapsedMs = Math.max(lastElapsedMs, elapsedMs);
      onProgress(lastElapsedMs);
    };
    const subscription = this.nats.nc.subscribe(Subjects.toolProgress(runId), {
      callback: (err, msg) => {
        if (err) {
          this.log.warn({ msg: 'tool progress subscription failed', runId, error: err.message });
          return;
        }
        const progress = this.decodeProgress(msg.data);
        if (progress?.toolUseId === toolUseId) report(progress.elapsedMs);
      },
    });
    // A fallback, on purpose: the step's JetStream message must hear working() within ackWaitMs
    // whatever toolProgressMs is set to, or another orchestrator would take the step while this
    // one still waits on the tool, and run the turn twice. It speaks only after the executor has
    // been silent for a third of ackWaitMs, so with the shipped settings (progress every 5 s,
    // ackWait 30 s) every report comes from the executor. Whether the executor is still there is
    // for the request's timeout to decide, not for this timer.
    const keepAliveMs = Math.max(100, Math.floor(this.config.limits.ackWaitMs / 3));
    const fallback = setInterval(() => {
      if (Date.now() - lastReportAt >= keepAliveMs) report(Date.now() - started);
    }, keepAliveMs);
    return () => {
      clearInterval(fallback);
      subscription.unsubscribe();
    };
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
