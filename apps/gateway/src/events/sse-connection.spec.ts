import type { RunEvent } from '@cofounder/contracts';
import type { SequencedEvent } from './run-event-follower';
import { SseConnection } from './sse-connection';
import { VerboseView } from './stream-view';
import { FakeSseResponse } from '../../test/fake-sse-response';

const runId = 'c3b5b1c2-0a57-4a9b-8d0e-0f3f1c2a4b5d';
const said = (seq: number, pending = 0): SequencedEvent => ({
  seq, pending, event: { type: 'agent.message', runId, at: new Date(seq * 1_000).toISOString(), text: `m${seq}` } as RunEvent,
});
const completed = (seq: number): SequencedEvent => ({ seq, pending: 0, event: { type: 'run.completed', runId, at: new Date().toISOString(), summary: 'Done.' } });

const opened: FakeSseResponse[] = [];

function connect(afterSeq = 0, bufferEvents = 3) {
  const res = new FakeSseResponse();
  opened.push(res);
  let dropped = 0;
  const connection = SseConnection.open(res.asResponse, new VerboseView(), afterSeq, {
    heartbeatMs: 15_000, batchWindowMs: 2_000, bufferEvents, now: () => Date.now(), onDropped: () => { dropped += 1; },
  });
  return { res, connection, dropped: () => dropped };
}

describe('SseConnection', () => {
  afterEach(() => {
    // The browser goes away: the heartbeat stops with the connection.
    for (const res of opened.splice(0)) res.leave();
    jest.useRealTimers();
  });

  it('holds live events while its backlog replays, then tells them after it, each once and in order', async () => {
    const { res, connection } = connect(1);
    connection.live(said(5));
    connection.live(said(6));
    for (const seq of [1, 2, 4, 5]) await connection.replayed(said(seq, 1));
    expect(res.ids).toEqual([2, 4, 5]);
    connection.caughtUp();
    connection.live(said(6));
    connection.live(said(7));
    expect(res.ids).toEqual([2, 4, 5, 6, 7]);
  });

  it('drops a client whose socket stopped taking events once more than its bound wait, and writes nothing after', () => {
    const { res, connection, dropped } = connect(0, 3);
    connection.caughtUp();
    connection.live(said(1));
    res.stalled = true;
    for (const seq of [2, 3, 4]) connection.live(said(seq));
    expect(res.destroyed).toBe(false);
    connection.live(said(5));
    expect(res.destroyed).toBe(true);
    expect(dropped()).toBe(1);
    connection.live(said(6));
    expect(res.ids).toEqual([1, 2, 3, 4, 5]);
    expect(connection.isEnded).toBe(true);
  });

  it('forgives what waited once the socket drains', () => {
    const { res, connection } = connect(0, 3);
    connection.caughtUp();
    res.stalled = true;
    for (const seq of [1, 2, 3]) connection.live(said(seq));
    res.drain();
    res.stalled = true;
    for (const seq of [4, 5, 6]) connection.live(said(seq));
    expect(res.destroyed).toBe(false);
  });

  it('drops a client whose replay falls so far behind that the live events held for it pass the bound', () => {
    const { res, connection, dropped } = connect(0, 3);
    for (const seq of [1, 2, 3, 4]) connection.live(said(seq));
    expect(res.destroyed).toBe(true);
    expect(dropped()).toBe(1);
  });

  it('waits for the socket while replaying, rather than piling the backlog up', async () => {
    const { res, connection } = connect();
    res.stalled = true;
    let told = false;
    const telling = connection.replayed(said(1, 5)).then(() => { told = true; });
    await new Promise((resolve) => setImmediate(resolve));
    expect(told).toBe(false);
    res.drain();
    await telling;
    expect(res.ids).toEqual([1]);
  });

  it('ends the stream after the run\'s terminal event', () => {
    const { res, connection } = connect();
    connection.caughtUp();
    connection.live(completed(3));
    expect(res.finished).toBe(true);
    expect(res.ids).toEqual([3]);
  });

  it('sends a comment heartbeat inside the promised interval, however quiet the run', () => {
    jest.useFakeTimers();
    const { res } = connect();
    jest.advanceTimersByTime(15_000);
    expect(res.written.filter((w) => w.startsWith(':'))).toHaveLength(1);
    jest.advanceTimersByTime(15_000);
    expect(res.written.filter((w) => w.startsWith(':'))).toHaveLength(2);
  });
});
