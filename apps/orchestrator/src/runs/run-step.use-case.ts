import { Injectable, Logger } from '@nestjs/common';
import { CofounderConfig, Clock, tierOf } from '@cofounder/config';
import { isTerminal, RunStepV1 } from '@cofounder/contracts';
import { decide, Decision, isEmptyEndTurn } from './agent-loop/decide';
import { ModelReply, replyText } from './agent-loop/model-reply';
import { HistoryMessage } from './agent-loop/context/history';
import { judgeLoop } from './agent-loop/guards/loop-guard';
import { LOOP_TRACE_MESSAGES, loopTrace } from './agent-loop/guards/loop-steps';
import { judgeToolResults, RetryChanges, ToolResultFact } from './agent-loop/guards/judge-tool-results';
import { nudgeForRetries } from './agent-loop/guards/nudge';
import { recentAttempts } from './agent-loop/guards/recent-attempts';
import { ErrorRetryRecord, escalationAttempts } from './agent-loop/guards/retry-budget';
import {
  RunEvents, RunRecord, RunStore, RunWorkspace, StepQueue, StoredMessage,
} from './ports';
import { ModelTurn } from './model-turn';
import { RunAnnouncer } from './run-announcer';
import { ToolTurn } from './tool-turn';

/**
 * One turn of a run: load the checkpoint and refuse unless running, take the model's reply
 * (ModelTurn), act on it (ToolTurn, the loop guards), then queue the next step or leave the run
 * waiting or ended (RunAnnouncer). Every write is keyed by (run, turn) so a step
 * redelivered after a crash resumes where the last one stopped and repeats nothing.
 */
@Injectable()
export class RunStepUseCase {
  private readonly log = new Logger(RunStepUseCase.name);

  constructor(
    private readonly store: RunStore,
    private readonly modelTurn: ModelTurn,
    private readonly toolTurn: ToolTurn,
    private readonly announcer: RunAnnouncer,
    private readonly workspace: RunWorkspace,
    private readonly events: RunEvents,
    private readonly steps: StepQueue,
    private readonly config: CofounderConfig,
    private readonly clock: Clock,
  ) {}

  async execute(step: RunStepV1): Promise<void> {
    const run = await this.store.find(step.runId);
    if (!run) return;
    if (isTerminal(run.status)) {
      // The status was saved but the process died before announcing it: announce it now (keys dedupe).
      if (step.turn >= run.turn) await this.announcer.announceEnd(run);
      return;
    }
    if (run.status === 'awaiting_input') {
      // The question was saved but perhaps never announced before a crash: announce it now (keys dedupe).
      const open = await this.store.openEscalationOf(run.id);
      if (open && step.turn >= open.turn) await this.announcer.announceEscalation(run, open);
      return;
    }
    if (run.status === 'sleeping') {
      // Put to sleep but perhaps never announced before a crash: announce it now (keyed), or the scheduler sets no timer.
      await this.announcer.announceSleep(run);
      return;
    }
    if (run.status === 'paused') {
      // The founder paused it: the turn in hand has finished; now its sandbox (this step comes back if the executor is away).
      await this.workspace.pause(run);
      return;
    }
    if (run.status !== 'running') return;
    if (run.resumedTurn !== null && step.turn <= run.resumedTurn && step.resumeKey === undefined) {
      this.log.warn({ msg: 'step left from before the founder\'s answer ignored', runId: run.id, turn: step.turn });
      return;
    }
    // Any step for the checkpoint's turn or the next is taken, whoever queued it again (an answer, a
    // wake, the reaper: each with its own resumeKey); the turn's keyed writes make a second copy harmless.
    if (step.turn < run.turn || step.turn > run.turn + 1) {
      this.log.warn({ msg: 'stale step ignored', runId: run.id, turn: step.turn, checkpoint: run.turn });
      return;
    }
    const history = await this.store.history(run.id);
    const resumed = step.turn === run.turn ? persistedTurn(history, step.turn) : null;
    const reply = resumed ? resumed.reply : await this.modelTurn.reply(run, step.turn, history);
    if (!reply) return;
    // A turn whose results were saved before a crash was already counted: the cap must judge it as it did then.
    const earlier = history.filter((m) => m.turn < step.turn);
    const previousReply = earlier.findLast((m) => m.role === 'assistant' && m.reply)?.reply;
    const progress = { toolCalls: run.toolCalls - (resumed?.toolCallsSaved ?? 0), emptyEndNudged: isEmptyEndTurn(previousReply) };
    const text = replyText(reply.content);
    if (text) await this.events.publish(run.id, `${step.turn}:message`, { type: 'agent.message', text });
    await this.act({ run, turn: step.turn, reply, earlier }, decide(reply, progress, { toolCallCap: this.toolCallCap(run) }));
  }

  /** Marks a run failed when its step can no longer be retried, so no run hangs in `running`. */
  async failRun(runId: string, reason: string): Promise<void> {
    const run = await this.store.find(runId);
    if (run && run.status === 'running') await this.announcer.finish(run, { kind: 'fail', reason });
  }

  private toolCallCap(run: RunRecord): number {
    return tierOf(this.config, run.tier).toolCallCap + run.toolCallAllowance;
  }

  private async act(at: TurnAt, decision: Decision): Promise<void> {
    const { run, turn } = at;
    if (decision.kind === 'continue') return this.guardLoop(at, [assistantMessage(at)], null);
    if (decision.kind === 'nudge') return this.goOn(run, turn, decision.text);
    if (decision.kind === 'escalate') return this.announcer.escalate(run, turn, decision.escalation);
    if (decision.kind !== 'run_tools') return this.announcer.finish(run, decision);
    const { results, facts } = await this.toolTurn.run(run, turn, decision.calls);
    const retries = await this.countFailures(run, facts);
    if (retries.exhausted) return this.askAboutRetries(run, turn, retries.exhausted);
    const retryNudge = retries.nudge && nudgeForRetries(retries.nudge.count, asSentence(retries.nudge.attempts.at(-1)!.error));
    await this.guardLoop(at, [assistantMessage(at), { role: 'user', content: results as HistoryMessage['content'] }], retryNudge);
  }

  /** Counts each failure against its error, persisted so the count outlives a crash. */
  private async countFailures(run: RunRecord, facts: ToolResultFact[]): Promise<RetryChanges> {
    const changes = judgeToolResults(await this.store.errorRetries(run.id), facts);
    await this.store.saveErrorRetries(run.id, changes, this.clock.now());
    return changes;
  }

  /** One error's tries are spent: the founder is asked, with the last tries. */
  private async askAboutRetries(run: RunRecord, turn: number, exhausted: ErrorRetryRecord): Promise<void> {
    const attempts = escalationAttempts(exhausted);
    await this.announcer.escalate(run, turn, {
      kind: 'retries',
      reason: `The agent tried ${attempts.length} times and kept hitting the same error: ${asSentence(attempts.at(-1)!.error)} `
        + 'Try again, skip this step, give guidance, or stop the run?',
      options: ['retry', 'skip', 'guide', 'stop'],
    }, attempts);
  }

  /**
   * Loop patterns since the founder last spoke: one nudge to the model, then the founder is asked.
   * A retry nudge due this turn is the note sent: it quotes the error, which says more.
   */
  private async guardLoop(at: TurnAt, thisTurn: HistoryMessage[], retryNudge: string | null): Promise<void> {
    const { run, turn } = at;
    const earlier = at.earlier.filter((m) => m.turn > run.guardsFromTurn).slice(-LOOP_TRACE_MESSAGES).map(historyMessage);
    const sinceFounder = [...earlier, ...thisTurn].slice(-LOOP_TRACE_MESSAGES);
    // Nudged by an earlier turn: this turn's own nudge, if its step is redelivered, is given again, not escalated.
    const nudged = run.nudgedTurn !== null && run.nudgedTurn < turn;
    const verdict = judgeLoop(loopTrace(sinceFounder), nudged);
    if (verdict.kind === 'escalate') {
      return this.announcer.escalate(run, turn, {
        kind: verdict.escalationKind, reason: `${verdict.reason} Try again, skip this step, give guidance, or stop the run?`,
        options: ['retry', 'skip', 'guide', 'stop'],
      }, recentAttempts(sinceFounder));
    }
    if (verdict.kind === 'nudge') {
      await this.store.markNudged(run.id, turn, this.clock.now());
      this.log.log({ msg: 'agent nudged out of a loop', runId: run.id, turn });
    }
    await this.goOn(run, turn, retryNudge ?? (verdict.kind === 'nudge' ? verdict.text : null));
  }

  /** Queues the next turn, with a note for the model first; the note is saved once however often the step runs. */
  private async goOn(run: RunRecord, turn: number, note: string | null): Promise<void> {
    if (note) await this.store.appendNote(run.id, turn, note, this.clock.now());
    await this.steps.enqueue(run.id, turn + 1);
  }
}

/** Where a step is: the run as loaded, the turn, its reply and the history before it. */
interface TurnAt {
  run: RunRecord;
  turn: number;
  reply: ModelReply;
  earlier: StoredMessage[];
}

function historyMessage(m: StoredMessage): HistoryMessage {
  return { role: m.role, content: m.content as HistoryMessage['content'] };
}

function assistantMessage(at: TurnAt): HistoryMessage {
  return { role: 'assistant', content: at.reply.content as HistoryMessage['content'] };
}

/** A turn whose reply was saved before a crash: resumed from it, never asked of the model again. */
function persistedTurn(history: StoredMessage[], turn: number): { reply: ModelReply; toolCallsSaved: number } | null {
  const reply = history.find((m) => m.turn === turn && m.role === 'assistant')?.reply;
  if (!reply) return null;
  const results = history.find((m) => m.turn === turn && m.role === 'user')?.content;
  // Only tool results count: a note for the model may share their message.
  const toolCallsSaved = Array.isArray(results) ? results.filter((b) => (b as { type?: string }).type === 'tool_result').length : 0;
  return { reply, toolCallsSaved };
}

/** An error quoted in a sentence ends as one, so the question after it reads apart. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
