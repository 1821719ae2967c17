import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import { CofounderConfig } from '@cofounder/config';
import {
  decodeMessage, InvalidInput, Subjects, TOOL_CALL_SILENT_INTERVALS, ToolExecReplyV1, ToolExecRequestV1, ToolName, ToolProgressV1, ToolsExec, Unavailable,
} from '@cofounder/contracts';
import { NatsConnectionHolder, parseJson, RpcClient } from '@cofounder/messaging';
import { ToolCall } from '../runs/agent-loop/model-reply';
import { RunRecord, ToolOutcome, ToolRunner } from '../runs/ports';

/** Margin over the tool's own timeout for the executor to kill, capture and answer. */
const REPLY_MARGIN_MS = 15_000;

/** What one request came to. */
type Answer =
  | { kind: 'reply'; reply: ToolExecReplyV1 }
  /** No executor listening, or none answered in time: the call may never have reached one. */
  | { kind: 'unavailable'; error: Unavailable }
  /** No reply and no progress for TOOL_CALL_SILENT_INTERVALS: the executor died, or never got the call. */
  | { kind: 'silent' }
  | { kind: 'failed'; error: unknown };

/** Signs of life for the call in hand, from the executor's progress reports. */
class CallProgress {
  lastSignAt = Date.now();
  private lastElapsedMs = 0;

  constructor(private readonly onProgress: (elapsedMs: number) => void) {}

  report(elapsedMs: number): void {
    this.lastSignAt = Date.now();
    // Never backwards: core NATS may deliver two reports out of order.
    if (elapsedMs > this.lastElapsedMs) {
      this.lastElapsedMs = elapsedMs;
      this.onProgress(elapsedMs);
    }
  }
}

/**
 * Runs a tool in the run's sandbox through the executor, which runs each call once by its
 * toolUseId: asking again is always safe. So a call is asked again, never given up on, when
 * the executor falls silent (no progress for three intervals: it died, or never got the call),
 * and while another executor still runs it. When no executor answers at all, the outage is
 * thrown: the step goes back to the queue with the outage backoff, frees its worker for runs
 * that need no sandbox, and the founder is told once it lasts (RunStepController); its next
 * delivery asks for the same call again. Only the executor says a call was interrupted. While
 * it runs, the executor's progress for the call is handed to `onProgress`.
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
    const request: ToolExecRequestV1 = { runId: run.id, ownerId: run.ownerId, toolUseId: call.id, tool: call.name as ToolName, input: call.input };
    const progress = new CallProgress(onProgress);
    // Subscribed before the request goes out, on the same connection: no progress can come first.
    const stopFollowing = this.followProgress(run.id, call.id, progress);
    const facts = { runId: run.id, toolUseId: call.id };
    try {
      for (;;) {
        const answer = await this.ask(request, toolTimeout + REPLY_MARGIN_MS, progress);
        switch (answer.kind) {
          case 'reply':
            if (answer.reply.state === 'running') {
              // Another executor, alive, runs it (we were restarted meanwhile): its result will be kept for us.
              await delay(this.config.time.toolProgressMs);
              continue;
            }
            if (answer.reply.state === 'interrupted') this.log.warn({ msg: 'tool call interrupted: its executor stopped', ...facts });
            return { output: answer.reply.output, isError: answer.reply.isError, exitCode: answer.reply.exitCode, durationMs: answer.reply.durationMs };
          case 'silent':
            this.log.warn({ msg: 'executor silent; asking again', ...facts, silentMs: Date.now() - progress.lastSignAt });
            continue;
          case 'unavailable':
            this.log.warn({ msg: 'no executor answers; waiting for one', ...facts, reason: answer.error.message });
            throw answer.error;
          case 'failed':
            throw answer.error;
          default:
            return assertNever(answer);
        }
      }
    } finally {
      stopFollowing();
    }
  }

  /**
   * One request, given up on when the executor falls silent. A request given up on is left
   * to time out on its own: its answer, should one come, is the same the next request gets.
   */
  private async ask(request: ToolExecRequestV1, timeoutMs: number, progress: CallProgress): Promise<Answer> {
    const silenceMs = TOOL_CALL_SILENT_INTERVALS * this.config.time.toolProgressMs;
    progress.lastSignAt = Date.now();
    const replied = this.rpc.request(ToolsExec, request, { timeoutMs }).then(
      (reply): Answer => ({ kind: 'reply', reply }),
      (error: unknown): Answer => (unreached(error) ? { kind: 'unavailable', error } : { kind: 'failed', error }),
    );
    let timer: NodeJS.Timeout | undefined;
    const silent = new Promise<Answer>((resolve) => {
      const check = () => {
        const quietMs = Date.now() - progress.lastSignAt;
        if (quietMs >= silenceMs) resolve({ kind: 'silent' });
        else timer = setTimeout(check, silenceMs - quietMs);
      };
      timer = setTimeout(check, silenceMs);
    });
    try {
      return await Promise.race([replied, silent]);
    } finally {
      clearTimeout(timer);
    }
  }

  private followProgress(runId: string, toolUseId: string, progress: CallProgress): () => void {
    const subscription = this.nats.nc.subscribe(Subjects.toolProgress(runId), {
      callback: (err, msg) => {
        if (err) {
          this.log.warn({ msg: 'tool progress subscription failed', runId, error: err.message });
          return;
        }
        const report = this.decodeProgress(msg.data);
        if (report?.toolUseId === toolUseId) progress.report(report.elapsedMs);
      },
    });
    // The step itself is kept alive by the transport while the handler runs: this only reports.
    return () => subscription.unsubscribe();
  }

  /** Progress is a courtesy: a message that is not one is dropped, not worth failing the tool. */
  private decodeProgress(data: Uint8Array): ToolProgressV1 | null {
    try {
      return decodeMessage(ToolProgressV1, parseJson(data));
    } catch (err) {
      if (!(err instanceof InvalidInput)) throw err;
      this.log.warn({ msg: 'invalid tool progress dropped', error: err.message });
      return null;
    }
  }
}

/**
 * No executor listening, none answering in time, or one that said it cannot run the call now
 * (shutting down): all retryable, and asking again is safe.
 */
function unreached(error: unknown): error is Unavailable {
  return error instanceof Unavailable;
}

function assertNever(value: never): never {
  throw new Error(`unexpected answer ${JSON.stringify(value)}`);
}
