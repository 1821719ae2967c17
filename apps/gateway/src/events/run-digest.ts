import type { BudgetFigures, RunEvent } from '@cofounder/contracts';

/** One SSE message: the EVENTS stream sequence it goes out under, and what it says. */
export interface StreamMessage {
  seq: number;
  event: RunEvent;
}

/** The activity a digest folds together. */
export type ActivityEvent = Extract<RunEvent, { type: 'agent.message' | 'tool.started' | 'tool.completed' | 'budget.updated' }>;

/**
 * The activity whose `at` falls within the window of the digest's first event, told as one
 * `tools.batched`: the calls that completed, what the agent said, in order, and the latest
 * budget. It goes out under its last event's sequence, so a resume after it starts afresh.
 */
export class RunDigest {
  private readonly tools: { tool: string; summary: string; ok: boolean }[] = [];
  private readonly messages: string[] = [];
  private budget?: BudgetFigures;
  private last!: StreamMessage;

  private constructor(private readonly firstAt: number, private readonly windowMs: number) {}

  static opening(first: StreamMessage & { event: ActivityEvent }, windowMs: number): RunDigest {
    const digest = new RunDigest(Date.parse(first.event.at), windowMs);
    digest.add(first);
    return digest;
  }

  /** When this digest's window ends, in epoch milliseconds. */
  get windowEndsAt(): number {
    return this.firstAt + this.windowMs;
  }

  /** Whether an event of this `at` belongs here; the stream's order, not `at`, orders what is inside. */
  admits(at: string): boolean {
    return Date.parse(at) < this.windowEndsAt;
  }

  add(message: StreamMessage & { event: ActivityEvent }): void {
    const { event } = message;
    switch (event.type) {
      case 'agent.message': this.messages.push(event.text); break;
      case 'tool.completed': this.tools.push({ tool: event.tool, summary: event.summary, ok: event.ok }); break;
      case 'budget.updated': {
        const { spentMicrodollars, budgetMicrodollars, todayAllowanceMicrodollars, spentTodayMicrodollars } = event;
        this.budget = { spentMicrodollars, budgetMicrodollars, todayAllowanceMicrodollars, spentTodayMicrodollars };
        break;
      }
      case 'tool.started': break; // its completion tells the founder; a started call alone has nothing to say yet
      default: assertNever(event);
    }
    this.last = message;
  }

  /** The digest as it goes out, or nothing when all it held was calls still running. */
  toMessage(): StreamMessage | null {
    if (this.tools.length === 0 && this.messages.length === 0 && !this.budget) return null;
    const { runId, at } = this.last.event;
    return {
      seq: this.last.seq,
      event: {
        type: 'tools.batched', runId, at, count: this.tools.length, tools: this.tools, messages: this.messages,
        ...(this.budget ? { budget: this.budget } : {}),
      },
    };
  }
}

function assertNever(value: never): never {
  throw new Error(`Unexpected activity: ${JSON.stringify(value)}`);
}
