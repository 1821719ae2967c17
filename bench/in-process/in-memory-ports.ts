import type { ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { RunEventBody, RunStatus } from '@cofounder/contracts';
import type { ModelReply, ToolCall } from '../../apps/orchestrator/src/runs/agent-loop/model-reply';
import {
  BudgetDecision, BudgetGate, NewRun, RunEvents, RunRecord, RunStateMirror, RunStore, StepQueue, StoredMessage,
  ToolExecutionRecord, ToolOutcome, ToolRunner, UsageReporter,
} from '../../apps/orchestrator/src/runs/ports';

/**
 * The loop core's ports held in memory: the benchmark's baseline, so the same use case can be
 * timed with no NATS, PostgreSQL or executor in the way. Never used by a test.
 */
export class InMemoryRunStore extends RunStore {
  private readonly runs = new Map<string, RunRecord>();
  private readonly messages = new Map<string, StoredMessage[]>();
  private readonly tools = new Map<string, ToolExecutionRecord & { turn: number }>();

  async create(run: NewRun, now: Date): Promise<boolean> {
    if (this.runs.has(run.id)) return false;
    this.runs.set(run.id, { ...run, status: 'running', reason: null, summary: null, turn: 0, toolCalls: 0, createdAt: now, updatedAt: now });
    this.messages.set(run.id, [{ seq: 0, turn: 0, role: 'user', content: run.goal, reply: null }]);
    return true;
  }
  async find(runId: string): Promise<RunRecord | null> {
    const run = this.runs.get(runId);
    return run ? { ...run } : null;
  }
  async history(runId: string): Promise<StoredMessage[]> {
    return [...(this.messages.get(runId) ?? [])];
  }
  async saveReply(runId: string, turn: number, reply: ModelReply): Promise<void> {
    this.messages.get(runId)!.push({ seq: 2 * turn - 1, turn, role: 'assistant', content: reply.content, reply });
    this.runs.get(runId)!.turn = turn;
  }
  async toolExecutions(runId: string, turn: number): Promise<ToolExecutionRecord[]> {
    return [...this.tools.values()].filter((t) => t.turn === turn);
  }
  async markToolStarted(_runId: string, turn: number, call: ToolCall): Promise<void> {
    this.tools.set(call.id, { toolUseId: call.id, status: 'started', outcome: null, turn });
  }
  async saveToolOutcome(_runId: string, toolUseId: string, outcome: ToolOutcome): Promise<void> {
    const t = this.tools.get(toolUseId)!;
    this.tools.set(toolUseId, { ...t, status: 'completed', outcome });
  }
  async saveToolResults(runId: string, turn: number, results: ToolResultBlockParam[]): Promise<void> {
    this.messages.get(runId)!.push({ seq: 2 * turn, turn, role: 'user', content: results, reply: null });
    this.runs.get(runId)!.toolCalls += results.length;
  }
  async setStatus(runId: string, status: RunStatus, details: { reason?: string | null; summary?: string | null }): Promise<void> {
    Object.assign(this.runs.get(runId)!, { status, ...details });
  }
}

export class CountingEvents extends RunEvents {
  count = 0;
  async publish(_runId: string, _key: string, _event: RunEventBody): Promise<void> {
    this.count += 1;
  }
}

export class CapturedSteps extends StepQueue {
  next: number | null = null;
  async enqueue(_runId: string, turn: number): Promise<void> {
    this.next = turn;
  }
}

export class IgnoredUsage extends UsageReporter {
  async report(): Promise<void> {}
}

export class OpenBudget extends BudgetGate {
  async authorize(): Promise<BudgetDecision> {
    return { allowed: true };
  }
}

export class IgnoredState extends RunStateMirror {
  async update(): Promise<void> {}
}

/** The trivial tool, answered in-process. */
export class InstantTools extends ToolRunner {
  async run(): Promise<ToolOutcome> {
    return { output: 'README.md\n', isError: false, durationMs: 0 };
  }
}
