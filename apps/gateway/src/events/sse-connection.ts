import type { Response } from 'express';
import { isTerminalEvent } from '@cofounder/contracts';
import type { SequencedEvent } from './run-event-follower';
import { HEARTBEAT_FRAME, sseFrame } from './sse-frame';
import { flushDelay, StreamView } from './stream-view';

export interface SseConnectionOptions {
  /** The longest silence the stream promises (docs/events.md: a heartbeat at least every 15 s). */
  heartbeatMs: number;
  batchWindowMs: number;
  /** Events that may wait behind a socket that stopped taking them before the client is dropped. */
  bufferEvents: number;
  now: () => number;
  /** Told when the client is dropped for falling behind. */
  onDropped: () => void;
}

/**
 * Timers fire late on a busy gateway and the network adds its own delay: sending at nine
 * tenths of the promised interval keeps the promise as the browser sees it.
 */
const HEARTBEAT_SHARE = 0.9;

/**
 * One founder's stream: its own view of the run (digests or verbose), its place in the run
 * (the last sequence told, so an event that comes both from its replay and from the live feed
 * goes out once), and a bounded wait for a slow socket. Live events are written without
 * waiting for the socket, so one slow client never holds back the others of its run; past
 * its bound it is dropped, and its browser reconnects with Last-Event-ID and replays.
 */
export class SseConnection {
  /** Live events that came while the backlog was replaying, or null once caught up. */
  private held: SequencedEvent[] | null = [];
  /** Frames written since the socket last took everything it was given. */
  private waiting = 0;
  private ended = false;
  private closed = false;
  private flushTimer?: NodeJS.Timeout;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly closeListeners: (() => void)[] = [];

  private constructor(
    private readonly res: Response,
    private readonly view: StreamView,
    private lastSeq: number,
    private readonly options: SseConnectionOptions,
  ) {
    this.heartbeat = setInterval(() => this.write([HEARTBEAT_FRAME]), Math.floor(options.heartbeatMs * HEARTBEAT_SHARE));
    res.on('drain', () => { this.waiting = 0; });
    res.once('close', () => {
      this.stopTimers();
      this.ended = true;
      this.closed = true;
      for (const listener of this.closeListeners) listener();
    });
  }

  /** Sends the stream's headers and returns the connection, which tells nothing yet. */
  static open(res: Response, view: StreamView, afterSeq: number, options: SseConnectionOptions): SseConnection {
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    return new SseConnection(res, view, afterSeq, options);
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Calls `listener` once the connection has closed, whoever closed it. */
  whenClosed(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  /** An event from the run's live feed: held while the backlog replays, else written at once. */
  live(message: SequencedEvent): void {
    if (this.ended) return;
    if (this.held === null) return this.tell(message);
    this.held.push(message);
    if (this.held.length > this.options.bufferEvents) this.drop();
  }

  /** An event of the backlog, written at the pace the socket takes it. */
  async replayed(message: SequencedEvent): Promise<void> {
    this.tell(message);
    if (!this.ended && this.res.writableNeedDrain) {
      await new Promise<void>((resolve) => {
        const done = () => { this.res.off('drain', done); this.res.off('close', done); resolve(); };
        this.res.on('drain', done);
        this.res.on('close', done);
      });
    }
  }

  /** The backlog is told: what the live feed brought meanwhile goes out, each event once. */
  caughtUp(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const message of held) this.tell(message);
  }

  /** Ends the stream cleanly (the run ended, or the gateway is stopping). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.stopTimers();
    this.res.end();
  }

  private tell({ seq, event, pending }: SequencedEvent): void {
    if (this.ended || seq <= this.lastSeq) return;
    this.lastSeq = seq;
    clearTimeout(this.flushTimer);
    this.write(this.view.accept({ seq, event }).map(sseFrame));
    if (isTerminalEvent(event)) return this.end();
    // Only once caught up: while the stream holds more, the next event's own `at` closes the
    // digest, as it will in any replay. Live, a timer does, so no activity waits long.
    const endsAt = pending === 0 ? this.view.windowEndsAt() : null;
    if (endsAt !== null) {
      const { now, batchWindowMs } = this.options;
      this.flushTimer = setTimeout(() => this.write(this.view.flush().map(sseFrame)), flushDelay(endsAt, now(), batchWindowMs));
    }
  }

  private write(frames: string[]): void {
    if (this.ended) return;
    for (const frame of frames) {
      this.res.write(frame);
      if (this.res.writableNeedDrain) this.waiting += 1;
    }
    if (this.waiting > this.options.bufferEvents) this.drop();
  }

  /** Too far behind: the socket is cut (what it holds is lost), and the browser resumes from the last event it got. */
  private drop(): void {
    if (this.ended) return;
    this.ended = true;
    this.stopTimers();
    this.options.onDropped();
    this.res.destroy();
  }

  private stopTimers(): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.flushTimer);
  }
}
