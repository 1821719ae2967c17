import { Registry } from 'prom-client';
import type { RunEvent } from '@cofounder/contracts';
import type { MetricsRegistry } from '@cofounder/observability';
import { FakeSseResponse } from '../../test/fake-sse-response';
import type { RunEventFeed } from './run-event-feed';
import type { SequencedEvent } from './run-event-follower';
import { RunEventsHub } from './run-events-hub';
import { SseConnection } from './sse-connection';
import { SseMetrics } from './sse-metrics';
import { VerboseView } from './stream-view';

const runId = 'a0e0c9f4-3b7e-4f55-9a0d-5a7e2c1b9d11';
const event = (seq: number): SequencedEvent => ({
  seq, pending: 0, event: { type: 'agent.message', runId, at: new Date(seq).toISOString(), text: `m${seq}` } as RunEvent,
});

/** A live feed the test pushes events into, as NATS would deliver them. */
class PushedFeed implements AsyncIterable<SequencedEvent> {
  private readonly queue: SequencedEvent[] = [];
  private wake?: () => void;
  closed = false;

  push(message: SequencedEvent): void {
    this.queue.push(message);
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<SequencedEvent> {
    while (!this.closed) {
      const next = this.queue.shift();
      if (next) yield next;
      else await new Promise<void>((resolve) => { this.wake = resolve; });
    }
  }
}

/** The EVENTS stream of one run, recorded up to `recorded`; live feeds opened on it are kept for the test to push into. */
class FakeFeed {
  readonly opened: PushedFeed[] = [];
  constructor(public recorded: number) {}
  async recordedThrough() { return this.recorded; }
  follow() {
    const feed = new PushedFeed();
    this.opened.push(feed);
    return feed;
  }
  replay(_runId: string, afterSeq: number, through: number) {
    const backlog = Array.from({ length: Math.max(0, through - afterSeq) }, (_, i) => event(afterSeq + 1 + i));
    return Object.assign((async function* () { yield* backlog; })(), { close: () => undefined });
  }
}

describe('RunEventsHub', () => {
  let feed: FakeFeed;
  let hub: RunEventsHub;
  const clients: FakeSseResponse[] = [];
  const join = async (afterSeq: number) => {
    const res = new FakeSseResponse();
    clients.push(res);
    await hub.follow(runId, afterSeq, () => SseConnection.open(res.asResponse, new VerboseView(), afterSeq, {
      heartbeatMs: 15_000, batchWindowMs: 2_000, bufferEvents: 512, now: () => Date.now(), onDropped: () => undefined,
    }));
    return res;
  };
  const settled = () => new Promise((resolve) => setImmediate(resolve));

  beforeEach(() => {
    feed = new FakeFeed(10);
    hub = new RunEventsHub(feed as unknown as RunEventFeed, new SseMetrics(new Registry() as MetricsRegistry));
  });
  afterEach(() => {
    for (const res of clients.splice(0)) res.leave();
  });

  it('opens one feed for a run however many clients follow it, and closes it when the last one leaves', async () => {
    const [a, b] = [await join(10), await join(10)];
    expect(feed.opened).toHaveLength(1);
    feed.opened[0].push(event(11));
    await settled();
    expect([a.ids, b.ids]).toEqual([[11], [11]]);
    a.leave();
    expect(feed.opened[0].closed).toBe(false);
    b.leave();
    expect(feed.opened[0].closed).toBe(true);
    await join(11);
    expect(feed.opened).toHaveLength(2);
  });

  it('replays a client joining a busy feed up to where the feed has got, then goes on live, each event once', async () => {
    const first = await join(0);
    feed.opened[0].push(event(11));
    await settled();
    // The next event is on its way as the second client comes in.
    feed.opened[0].push(event(12));
    const second = join(0);
    feed.opened[0].push(event(13));
    const late = await second;
    await settled();
    const all = Array.from({ length: 13 }, (_, i) => i + 1);
    expect(first.ids).toEqual(all);
    expect(late.ids).toEqual(all);
  });
});
