import type { RunEvent } from '@cofounder/contracts';
import { LongToolProgress } from './long-tool-progress';
import { ActivityEvent, RunDigest, StreamMessage } from './run-digest';

/**
 * What a founder's stream makes of the run's events, one at a time and in the stream's
 * order. Pure: the controller feeds it events and a clock's flushes, and writes what it returns.
 */
export interface StreamView {
  /** What goes out now that this event has arrived, in order. */
  accept(message: StreamMessage): StreamMessage[];
  /** The digest still open, to go out now: its window has passed with nothing after it. */
  flush(): StreamMessage[];
  /** When the open digest's window ends (epoch ms), or null with none open. */
  windowEndsAt(): number | null;
}

export interface StreamTimes {
  batchWindowMs: number;
  toolProgressMs: number;
}

/** `?verbose=true` or `1` shows every event; anything else, the digests. */
export function isVerbose(query: string | undefined): boolean {
  return query === 'true' || query === '1';
}

export function streamView(verbose: boolean, times: StreamTimes): StreamView {
  return verbose ? new VerboseView() : new DigestView(times);
}

/** Every event as it is. */
export class VerboseView implements StreamView {
  accept(message: StreamMessage): StreamMessage[] {
    // The orchestrator's own per-turn batches, in runs recorded before the gateway made digests, would tell each call twice.
    return message.event.type === 'tools.batched' ? [] : [message];
  }

  flush(): StreamMessage[] {
    return [];
  }

  windowEndsAt(): null {
    return null;
  }
}

/**
 * The default stream: phase-level events as they are, and the activity between them as
 * digests bounded by the events' own `at`, so a replay gives the same digests as the live
 * stream did. A phase-level event, or a long tool's progress line, closes the digest before it.
 */
export class DigestView implements StreamView {
  private open: RunDigest | null = null;
  private readonly longTools: LongToolProgress;

  constructor(private readonly times: StreamTimes) {
    this.longTools = new LongToolProgress(times.toolProgressMs);
  }

  accept(message: StreamMessage): StreamMessage[] {
    const { event } = message;
    switch (event.type) {
      case 'run.status': case 'escalation.required': case 'escalation.answered': case 'budget.alert': case 'sandbox.restored':
      case 'run.completed': case 'run.failed':
        return [...this.flush(), message];
      case 'tool.progress':
        return this.longTools.shows(event) ? [...this.flush(), { seq: message.seq, event: this.longTools.told(event) }] : [];
      case 'tools.batched':
        return []; // recorded by an orchestrator that batched per turn: the digests tell it now
      case 'tool.completed':
        this.longTools.ended(event.toolUseId);
        return this.collect({ seq: message.seq, event });
      case 'tool.started':
        this.longTools.started(event.toolUseId, event.summary);
        return this.collect({ seq: message.seq, event });
      case 'agent.message': case 'budget.updated':
        return this.collect({ seq: message.seq, event });
      default:
        return assertNever(event);
    }
  }

  flush(): StreamMessage[] {
    const digest = this.open?.toMessage();
    this.open = null;
    return digest ? [digest] : [];
  }

  windowEndsAt(): number | null {
    return this.open?.windowEndsAt ?? null;
  }

  private collect(message: StreamMessage & { event: ActivityEvent }): StreamMessage[] {
    if (this.open?.admits(message.event.at)) {
      this.open.add(message);
      return [];
    }
    const closed = this.flush();
    this.open = RunDigest.opening(message, this.times.batchWindowMs);
    return closed;
  }
}

/**
 * Delivery from the publisher's clock to ours takes a moment: waiting this much past a
 * window's end lets an event stamped inside it arrive first, so the live digest is the
 * one a replay makes.
 */
export const DELIVERY_SETTLE_MS = 200;

/** How long to wait before flushing a digest whose window ends at `endsAt`, as the live stream sees it at `now`. */
export function flushDelay(endsAt: number, now: number, windowMs: number): number {
  // Bounded by the window, so a clock running behind the publisher's cannot hold a digest back for long.
  return Math.min(Math.max(endsAt - now, 0), windowMs) + DELIVERY_SETTLE_MS;
}

function assertNever(value: never): never {
  throw new Error(`Unexpected run event: ${JSON.stringify(value)}`);
}
