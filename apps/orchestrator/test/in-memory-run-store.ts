import type { ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { EscalationAction, RunStatus } from '@cofounder/contracts';
import type { ErrorRetryRecord } from '../src/runs/agent-loop/guards/retry-budget';
import type { ModelReply, ToolCall } from '../src/runs/agent-loop/model-reply';
import {
  AnsweredEscalation, AwakenFrom, ContextState, EscalationAnswer, EscalationRecord, NewEscalation, NewRun, PinnedModel,
  RunChanges, RunRecord, RunSleepRecord, RunStore, StoredMessage, ToolExecutionRecord, ToolOutcome,
} from '../src/runs/ports';

/** The run store held in memory, for the loop core's unit tests and the benchmark's in-process baseline. */
export class InMemoryRunStore extends RunStore {
  private readonly runs = new Map<string, RunRecord>();
  private readonly messages = new Map<string, StoredMessage[]>();
  private readonly tools = new Map<string, ToolExecutionRecord & { turn: number }>();

  async create(run: NewRun, now: Date): Promise<boolean> {
    if (this.runs.has(run.id)) return false;
    this.runs.set(run.id, {
      ...run, status: 'running', reason: null, summary: null, turn: 0, toolCalls: 0, toolCallAllowance: 0,
      guardsFromTurn: 0, nudgedTurn: null, resumedTurn: null, contextFromSeq: 0, contextNote: null, clearedThrough: 0, tokenRatio: 1, learnedContextWindow: null,
      awakeSince: now, sleepingUntil: null, createdAt: now, updatedAt: now,
    });
    this.messages.set(run.id, [{ seq: 0, turn: 0, role: 'user', content: run.goal, reply: null }]);
    return true;
  }
  private readonly escalations = new Map<string, EscalationRecord & { open: boolean; action?: EscalationAction; guidance?: string | null }>();
  async openEscalation(runId: string, turn: number, escalation: NewEscalation, now: Date): Promise<EscalationRecord> {
    const open = await this.openEscalationOf(runId);
    if (open) return open;
    const record = { ...escalation, id: `esc-${this.escalations.size + 1}`, runId, turn, createdAt: now, open: true };
    this.escalations.set(record.id, record);
    return record;
  }
  async openEscalationOf(runId: string): Promise<EscalationRecord | null> {
    return [...this.escalations.values()].find((e) => e.runId === runId && e.open) ?? null;
  }
  async answerEscalation(escalation: EscalationRecord, answer: EscalationAnswer, now?: Date): Promise<boolean> {
    const stored = this.escalations.get(escalation.id)!;
    if (!stored.open) return false;
    Object.assign(stored, { open: false, action: answer.action, guidance: answer.guidance });
    if (answer.note) await this.appendNote(escalation.runId, escalation.turn, answer.note);
    const run = this.runs.get(escalation.runId)!;
    Object.assign(run, {
      status: answer.status, reason: answer.reason, toolCallAllowance: run.toolCallAllowance + answer.grantToolCalls,
      guardsFromTurn: escalation.turn, nudgedTurn: null, resumedTurn: answer.resumeTurn,
      ...(answer.newAwakePeriod && now ? { awakeSince: now } : {}),
    });
    this.retries.delete(escalation.runId);
    return true;
  }
  async lastAnsweredEscalation(runId: string): Promise<AnsweredEscalation | null> {
    const answered = [...this.escalations.values()].filter((e) => e.runId === runId && !e.open && e.action);
    const last = answered.at(-1);
    return last ? { ...last, action: last.action!, guidance: last.guidance ?? null } : null;
  }
  async appendNote(runId: string, turn: number, text: string): Promise<void> {
    const block = { type: 'text', text };
    const existing = this.messages.get(runId)!.find((m) => m.seq === 2 * turn);
    if (!existing) this.append(runId, { seq: 2 * turn, turn, role: 'user', content: [block], reply: null });
    else if (!JSON.stringify(existing.content).includes(JSON.stringify(block))) existing.content = [...(existing.content as object[]), block];
  }
  async markNudged(runId: string, turn: number): Promise<void> {
    this.runs.get(runId)!.nudgedTurn = turn;
  }
  private readonly retries = new Map<string, Map<string, ErrorRetryRecord>>();
  async errorRetries(runId: string): Promise<ErrorRetryRecord[]> {
    return [...(this.retries.get(runId)?.values() ?? [])];
  }
  async saveErrorRetries(runId: string, changes: { save: ErrorRetryRecord[]; clear: string[] }): Promise<void> {
    const records = this.retries.get(runId) ?? new Map<string, ErrorRetryRecord>();
    for (const signature of changes.clear) records.delete(signature);
    for (const record of changes.save) records.set(record.signature, record);
    this.retries.set(runId, records);
  }
  async saveContextState(runId: string, state: Partial<ContextState>): Promise<void> {
    Object.assign(this.runs.get(runId)!, state);
  }
  async find(runId: string): Promise<RunRecord | null> {
    const run = this.runs.get(runId);
    return run ? { ...run } : null;
  }
  async history(runId: string): Promise<StoredMessage[]> {
    return [...(this.messages.get(runId) ?? [])];
  }
  /** Keyed like the real tables: saving the same seq again changes nothing. */
  private append(runId: string, message: StoredMessage): boolean {
    const messages = this.messages.get(runId)!;
    if (messages.some((m) => m.seq === message.seq)) return false;
    messages.push(message);
    return true;
  }
  async saveReply(runId: string, turn: number, reply: ModelReply, now?: Date): Promise<void> {
    this.append(runId, { seq: 2 * turn - 1, turn, role: 'assistant', content: reply.content, reply, at: now });
    const run = this.runs.get(runId)!;
    run.turn = Math.max(run.turn, turn);
  }
  async toolExecutions(runId: string, turn: number): Promise<ToolExecutionRecord[]> {
    return [...this.tools.values()].filter((t) => t.turn === turn);
  }
  async markToolStarted(_runId: string, turn: number, call: ToolCall, _now?: Date): Promise<void> {
    if (!this.tools.has(call.id)) this.tools.set(call.id, { toolUseId: call.id, status: 'started', outcome: null, turn });
  }
  async saveToolOutcome(_runId: string, toolUseId: string, outcome: ToolOutcome): Promise<void> {
    const t = this.tools.get(toolUseId)!;
    this.tools.set(toolUseId, { ...t, status: 'completed', outcome });
  }
  async saveToolResults(runId: string, turn: number, results: ToolResultBlockParam[]): Promise<void> {
    if (this.append(runId, { seq: 2 * turn, turn, role: 'user', content: results, reply: null })) {
      this.runs.get(runId)!.toolCalls += results.length;
    }
  }
  async setStatus(runId: string, status: RunStatus, details: RunChanges, _now?: Date): Promise<void> {
    Object.assign(this.runs.get(runId)!, { status, ...details });
  }
  async transition(runId: string, from: readonly RunStatus[], to: RunStatus, details: RunChanges): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run || !from.includes(run.status)) return false;
    Object.assign(run, { status: to, ...details });
    return true;
  }
  /** Each sleep as the run was put to it, for the tests to read the sandbox it kept. */
  readonly sleeps: (RunSleepRecord & { runId: string })[] = [];
  async putToSleep(runId: string, sleep: RunSleepRecord): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run || run.status !== 'running') return false;
    Object.assign(run, { status: 'sleeping', reason: sleep.reason, sleepingUntil: sleep.until });
    this.sleeps.push({ runId, ...sleep });
    return true;
  }
  async awaken(runId: string, from: AwakenFrom, pin: PinnedModel, now: Date): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run || !from.statuses.includes(run.status)) return false;
    if (from.sleepingUntil && run.sleepingUntil?.getTime() !== from.sleepingUntil.getTime()) return false;
    Object.assign(run, { status: 'running', reason: null, sleepingUntil: null, awakeSince: now, ...pin });
    return true;
  }
  async withdrawOpenEscalation(runId: string): Promise<void> {
    for (const e of this.escalations.values()) if (e.runId === runId) e.open = false;
  }
}
