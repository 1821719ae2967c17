import type { RunEventBody, SnapshotRefV1 } from '@cofounder/contracts';
import { ContextWindowExceeded } from '../src/model/context-window-exceeded.error';
import { estimateTokens } from '../src/runs/agent-loop/context/token-estimate';
import type { ModelReply, ToolCall } from '../src/runs/agent-loop/model-reply';
import {
  BudgetDecision, BudgetGate, CallEstimate, ModelClient, ModelRequest, PausedSandbox, PinnedModel,
  PlanSource, RunEvents, RunRecord, RunStateMirror, StepQueue, ToolOutcome, ToolRunner, UsageReporter,
  RunWorkspace,
} from '../src/runs/ports';

/** The loop core's ports held in memory (no I/O); integration and e2e tests use the real adapters. */
export { InMemoryRunStore } from './in-memory-run-store';

/** Keeps each event once per key, as PublishOnce does (whatever the time between two publishes of it). */
export class RecordedEvents extends RunEvents {
  readonly byKey = new Map<string, RunEventBody>();
  async publish(_runId: string, key: string, event: RunEventBody): Promise<void> {
    if (!this.byKey.has(key)) this.byKey.set(key, event);
  }
  types(): string[] {
    return [...this.byKey.values()].map((e) => e.type);
  }
}

export class CapturedSteps extends StepQueue {
  next: number | null = null;
  nextKey: string | undefined;
  async enqueue(_runId: string, turn: number, resumeKey?: string): Promise<void> {
    this.next = turn;
    this.nextKey = resumeKey;
  }
}

export class IgnoredUsage extends UsageReporter {
  async report(): Promise<void> {}
}

/** Each call's usage with the reservation it settles. */
export class RecordedUsage extends UsageReporter {
  readonly reports: { responseId: string; reservationId?: string }[] = [];
  async report(_run: RunRecord, reply: ModelReply, _model: string, _now: Date, reservationId?: string): Promise<void> {
    this.reports.push({ responseId: reply.responseId, reservationId });
  }
}

/** Allows every call, each with a reservation of its own; records what it was asked. */
export class OpenBudget extends BudgetGate {
  readonly asked: (CallEstimate & { model: string; awakeSince: Date })[] = [];
  readonly released: string[] = [];
  readonly confirmed: string[] = [];
  /** Decisions to give before allowing again, in order. */
  readonly refusals: BudgetDecision[] = [];
  async authorize(run: RunRecord, call: CallEstimate): Promise<BudgetDecision> {
    this.asked.push({ ...call, model: run.model, awakeSince: run.awakeSince });
    return this.refusals.shift() ?? { allowed: true, reservationId: `00000000-0000-4000-8000-${String(this.asked.length).padStart(12, '0')}` };
  }
  async release(run: Pick<RunRecord, 'id'>): Promise<void> {
    this.released.push(run.id);
  }
  async confirmBudget(ownerId: string): Promise<void> {
    this.confirmed.push(ownerId);
  }
}

/** The founder's current tier, as billing would name it; change it to play a tier change. */
export class FixedPlans extends PlanSource {
  constructor(public plan: PinnedModel = { model: 'cofounder-sim', tier: 'dev' }) {
    super();
  }
  async resolve(): Promise<PinnedModel> {
    return { ...this.plan };
  }
}

export class IgnoredState extends RunStateMirror {
  async update(): Promise<void> {}
}

/** Tools answered in-process, by default with a listing; counts its calls. */
export class InstantTools extends ToolRunner {
  calls = 0;
  constructor(private readonly answer: (call: ToolCall) => ToolOutcome = () => ({ output: 'README.md\n', isError: false, durationMs: 0 })) {
    super();
  }
  async run(_run: RunRecord, call: ToolCall): Promise<ToolOutcome> {
    this.calls += 1;
    return this.answer(call);
  }
}

/** Records what the loop asked of the run's sandbox. */
export class RecordedWorkspace extends RunWorkspace {
  snapshots: string[] = [];
  released: string[] = [];
  paused: string[] = [];
  resumed: string[] = [];
  async pause(run: RunRecord): Promise<PausedSandbox> {
    this.paused.push(run.id);
    const snapshot: SnapshotRefV1 = { seq: this.paused.length, takenAt: '2026-11-24T10:00:00.000Z', bytes: 100, files: 4 };
    return { sandboxId: `sbx-${run.id.slice(0, 8)}`, snapshot };
  }
  async resume(run: RunRecord): Promise<void> {
    this.resumed.push(run.id);
  }
  async snapshotAfterChange(run: RunRecord): Promise<void> {
    this.snapshots.push(run.id);
  }
  async release(run: RunRecord): Promise<void> {
    this.released.push(run.id);
  }
}

/** A model that plays the given replies in order, and answers each compaction with a short note. */
export class ScriptedModel extends ModelClient {
  calls = 0;
  readonly requests: ModelRequest[] = [];
  constructor(private readonly replies: ModelReply[]) {
    super();
  }
  /** Counts as the simulator does, times `tokenScale`: a model whose tokens are denser than our estimate. */
  tokenScale = 1;
  counts = 0;
  /** The model's real window: a turn over it is refused as the API refuses it, stating the window. */
  window = Infinity;
  refused = 0;
  async countTokens(request: ModelRequest): Promise<number | null> {
    this.counts += 1;
    return Math.ceil(estimateTokens(request) * this.tokenScale);
  }
  async complete(request: ModelRequest): Promise<ModelReply> {
    this.requests.push(request);
    if (request.compaction) {
      return {
        responseId: `msg_note_${this.requests.length}`, content: [{ type: 'text', text: 'Goal: build it. Done so far: listed files.', citations: null }],
        stopReason: 'end_turn', usage: { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
      };
    }
    const counted = Math.ceil(estimateTokens(request) * this.tokenScale);
    if (counted > this.window) {
      this.refused += 1;
      throw new ContextWindowExceeded(`prompt is too long: ${counted} tokens > ${this.window} maximum`, this.window);
    }
    const reply = this.replies[this.calls];
    this.calls += 1;
    if (!reply) throw new Error('the script has no more replies');
    // Counted as the simulator and the API count: the loop calibrates its estimate on it.
    return { ...reply, usage: { ...reply.usage, inputTokens: Math.ceil(estimateTokens(request) * this.tokenScale) } };
  }
}
