import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { Histogram } from 'prom-client';
import { RunEventFeed } from './run-event-feed';
import { RunEventFollower } from './run-event-follower';
import { SseConnection } from './sse-connection';
import { SseMetrics } from './sse-metrics';

/** A run's one live feed in this gateway, and the clients it is fanned out to. */
class FollowedRun {
  readonly clients = new Set<SseConnection>();
  closed = false;
  /** Every event of the run up to here is behind the feed: a client joining now replays those itself. */
  deliveredThrough = 0;
  private follower?: RunEventFollower;

  constructor(readonly ready: Promise<number>) {}

  /** Fans the feed out from where it opened until it ends; a client told the run's end leaves by itself. */
  async fanOut(follower: RunEventFollower, openedAt: number, timing: Histogram): Promise<void> {
    this.follower = follower;
    this.deliveredThrough = openedAt;
    if (this.closed) follower.close();
    for await (const message of follower) {
      const stop = timing.startTimer();
      this.deliveredThrough = message.seq;
      for (const client of this.clients) client.live(message);
      // The sockets' writes go out on the ticks queued by the writes above: this one comes after them.
      process.nextTick(stop);
    }
  }

  close(): void {
    this.closed = true;
    this.follower?.close();
  }
}

/**
 * One NATS feed per run per gateway, shared by every client following the run: the first
 * client opens it at the run's live point, later ones join it, the last one leaving closes
 * it. A client resuming from further back replays its backlog from the stream on its own,
 * at its socket's pace, while the live events meanwhile are held for it; events arriving by
 * both ways go out once, by sequence.
 */
@Injectable()
export class RunEventsHub implements BeforeApplicationShutdown {
  private readonly log = new Logger(RunEventsHub.name);
  private readonly runs = new Map<string, FollowedRun>();

  constructor(private readonly feed: RunEventFeed, private readonly metrics: SseMetrics) {}

  /**
   * Opens the client (`connect`, once the run's feed is there: an error before it answers
   * as an HTTP error) and tells it the run's events after `afterSeq`, then live ones.
   */
  async follow(runId: string, afterSeq: number, connect: () => SseConnection): Promise<void> {
    const run = await this.joined(runId);
    const client = connect();
    run.clients.add(client);
    this.metrics.clients.inc();
    client.whenClosed(() => this.leave(runId, run, client));
    // Read together, with no event in between: what the feed delivers from here on reaches the client live.
    const through = run.deliveredThrough;
    if (afterSeq < through) await this.replay(runId, afterSeq, through, client);
    client.caughtUp();
  }

  beforeApplicationShutdown(): void {
    for (const run of this.runs.values()) {
      for (const client of run.clients) client.end();
      run.close();
    }
  }

  private async replay(runId: string, afterSeq: number, through: number, client: SseConnection): Promise<void> {
    const backlog = this.feed.replay(runId, afterSeq, through);
    client.whenClosed(() => backlog.close());
    try {
      for await (const message of backlog) {
        await client.replayed(message);
        if (client.isEnded) return;
      }
    } catch (err) {
      this.log.error({ msg: 'run event replay failed', runId, error: (err as Error).message });
      client.end();
    }
  }

  /** The run's open feed, opened by the first client; one being closed is not joined. */
  private async joined(runId: string): Promise<FollowedRun> {
    for (;;) {
      let run = this.runs.get(runId);
      if (!run) {
        run = this.open(runId);
        this.runs.set(runId, run);
      }
      try {
        const openedAt = await run.ready;
        // Read after the wait: the feed may have fanned out more meanwhile, and a joiner never replays less than where it opened.
        if (run.deliveredThrough < openedAt) run.deliveredThrough = openedAt;
      } catch (err) {
        if (this.runs.get(runId) === run) this.runs.delete(runId);
        throw err;
      }
      if (!run.closed) return run;
    }
  }

  private open(runId: string): FollowedRun {
    const run = new FollowedRun(this.feed.recordedThrough());
    void run.ready.then((through) => {
      this.metrics.runsFollowed.inc();
      return run.fanOut(this.feed.follow(runId, through, () => this.metrics.feedsLost.inc()), through, this.metrics.fanOutSeconds)
        .catch((err: Error) => this.log.error({ msg: 'run event feed failed', runId, error: err.message }))
        .finally(() => {
          this.metrics.runsFollowed.dec();
          run.close();
          if (this.runs.get(runId) === run) this.runs.delete(runId);
          // The feed ended for good (the gateway stopping, or a failure): its clients reconnect and resume.
          for (const client of run.clients) client.end();
        });
    }, () => undefined); // told to the clients that wait on it, by joined()
    return run;
  }

  private leave(runId: string, run: FollowedRun, client: SseConnection): void {
    if (!run.clients.delete(client)) return;
    this.metrics.clients.dec();
    if (run.clients.size > 0 || run.closed) return;
    run.close();
    if (this.runs.get(runId) === run) this.runs.delete(runId);
  }
}
