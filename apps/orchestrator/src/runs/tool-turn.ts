import { Injectable, Logger } from '@nestjs/common';
import type { ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { Clock } from '@cofounder/config';
import { TOOL_NAMES } from '@cofounder/contracts';
import { ToolCall } from './agent-loop/model-reply';
import { describeOutcome, describeToolCall } from './agent-loop/tool-summary';
import { ToolResultFact } from './agent-loop/guards/judge-tool-results';
import { RunEvents, RunRecord, RunStore, ToolExecutionRecord, ToolOutcome, ToolRunner, RunWorkspace } from './ports';

/** The tools that can change the workspace's files. */
const CHANGING_TOOLS: ReadonlySet<string> = new Set(['bash', 'write', 'edit']);

/** What a turn's tools came to: the results for the model, the facts for the guards. */
export interface ToolTurnResult {
  results: ToolResultBlockParam[];
  facts: ToolResultFact[];
}

/**
 * Runs a turn's tool calls, each once by its toolUseId however often the step is delivered:
 * a call whose outcome was saved keeps it; any other is asked of the executor, which runs it
 * once, attaches to it while it runs, answers what it kept once it finished, and alone says
 * whether it was interrupted. Each outcome is saved and announced before the next call runs.
 */
@Injectable()
export class ToolTurn {
  private readonly log = new Logger(ToolTurn.name);

  constructor(
    private readonly store: RunStore,
    private readonly tools: ToolRunner,
    private readonly events: RunEvents,
    private readonly workspace: RunWorkspace,
    private readonly clock: Clock,
  ) {}

  async run(run: RunRecord, turn: number, calls: ToolCall[]): Promise<ToolTurnResult> {
    const saved = new Map((await this.store.toolExecutions(run.id, turn)).map((t) => [t.toolUseId, t]));
    const results: ToolResultBlockParam[] = [];
    const facts: ToolResultFact[] = [];
    for (const call of calls) {
      const outcome = await this.runOnce(run, turn, call, saved.get(call.id));
      results.push({ type: 'tool_result', tool_use_id: call.id, content: outcome.output, is_error: outcome.isError });
      facts.push({
        toolUseId: call.id, tool: call.name, input: call.input, summary: describeToolCall(call.name, call.input),
        output: outcome.output, isError: outcome.isError, exitCode: outcome.exitCode,
      });
    }
    await this.store.saveToolResults(run.id, turn, results, this.clock.now());
    // Before the next turn's tools can run, so the snapshot is of a workspace at rest.
    if (calls.some((c) => CHANGING_TOOLS.has(c.name))) await this.workspace.snapshotAfterChange(run);
    return { results, facts };
  }

  /**
   * A call's events are announced again when its step is replayed (a crash may have come between
   * a save and its announcement); PublishOnce shows each once.
   */
  private async runOnce(run: RunRecord, turn: number, call: ToolCall, saved: ToolExecutionRecord | undefined): Promise<ToolOutcome> {
    const summary = describeToolCall(call.name, call.input);
    if (saved?.status === 'completed' && saved.outcome) {
      await this.announceCompleted(run, call, summary, saved.outcome);
      return saved.outcome;
    }
    if (saved?.status === 'started') {
      // Cut off by a crash of ours: the executor may have run it, may run it still, or never got it. It knows; ask it again.
      this.log.log({ msg: 'tool call asked again after a restart', runId: run.id, turn, toolUseId: call.id });
    } else {
      await this.store.markToolStarted(run.id, turn, call, this.clock.now());
    }
    await this.events.publish(run.id, `${call.id}:started`, { type: 'tool.started', toolUseId: call.id, tool: call.name, summary, input: call.input });
    const outcome = (TOOL_NAMES as readonly string[]).includes(call.name)
      ? await this.tools.run(run, call, (elapsedMs) => {
        // Progress is a courtesy: a lost one is not worth failing the tool for.
        this.events.publish(run.id, `${call.id}:progress:${elapsedMs}`, { type: 'tool.progress', toolUseId: call.id, elapsedMs })
          .catch((err: unknown) => this.log.warn({ msg: 'tool progress not published', runId: run.id, err: String(err) }));
      })
      : { output: `Unknown tool "${call.name}". Available tools: ${TOOL_NAMES.join(', ')}.`, isError: true, durationMs: 0 };
    await this.store.saveToolOutcome(run.id, call.id, outcome, this.clock.now());
    await this.announceCompleted(run, call, summary, outcome);
    return outcome;
  }

  private announceCompleted(run: RunRecord, call: ToolCall, summary: string, outcome: ToolOutcome): Promise<void> {
    return this.events.publish(run.id, `${call.id}:completed`, {
      type: 'tool.completed', toolUseId: call.id, tool: call.name, ok: !outcome.isError, exitCode: outcome.exitCode,
      durationMs: outcome.durationMs, summary: describeOutcome(summary, !outcome.isError, outcome.exitCode),
    });
  }
}
