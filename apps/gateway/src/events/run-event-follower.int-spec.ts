import { StorageType } from '@nats-io/jetstream';
import { NatsConnectionHolder } from '@cofounder/messaging';
import { connectTestNats, uniqueName } from '../../../../test/support/test-nats';
import { waitFor } from '../../../../test/support/wait-for';
import { RunEventFollower, SequencedEvent } from './run-event-follower';

describe('RunEventFollower (real NATS)', () => {
  let nats: NatsConnectionHolder;
  const stream = uniqueName('T');
  const runId = 'run-1';
  const source = { stream, subject: `${stream}.run-1.>`, runId };

  const publish = async (n: number, from = 0) => {
    const seqs: number[] = [];
    for (let i = from; i < from + n; i += 1) {
      const event = { type: 'agent.message', runId, at: new Date().toISOString(), text: `m${i}` };
      seqs.push((await nats.js.publish(`${stream}.run-1.agent.message`, JSON.stringify(event))).seq);
      // Another run's event in between: the run's sequences are not consecutive.
      await nats.js.publish(`${stream}.run-2.agent.message`, JSON.stringify({ ...event, runId: 'run-2' }));
    }
    return seqs;
  };
  /** Iterates in the background, collecting; the test waits on the collection. */
  const collect = (follower: RunEventFollower) => {
    const got: SequencedEvent[] = [];
    const done = (async () => { for await (const e of follower) got.push(e); })();
    return { got, done };
  };

  beforeAll(async () => {
    nats = await connectTestNats('run-event-follower-test');
    await nats.jsm.streams.add({ name: stream, subjects: [`${stream}.>`], storage: StorageType.File });
  });
  afterAll(async () => {
    await nats.jsm.streams.delete(stream);
    await nats.nc.close();
  });

  it('follows the run\'s events after a sequence, and sets its consumer up again from the last one when it is deleted', async () => {
    const before = await publish(3);
    let lost = 0;
    const follower = new RunEventFollower(nats, source, before[0], { heartbeatMs: 500, onLost: () => { lost += 1; } });
    const { got, done } = collect(follower);
    await waitFor(() => (got.length === 2 ? true : undefined), 'the two events after the cursor');

    const [consumer] = await nats.jsm.consumers.list(stream).next();
    await nats.jsm.consumers.delete(stream, consumer.name);
    const after = await publish(3, 3);
    await waitFor(() => (got.length === 5 ? true : undefined), 'the events published after the consumer was deleted');
    follower.close();
    await done;

    expect(got.map((e) => e.seq)).toEqual([...before.slice(1), ...after]);
    expect(got.map((e) => (e.event as { text: string }).text)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(lost).toBeGreaterThanOrEqual(1);
  });

  it('as a replay, ends at its bound, or at the last event recorded when that comes first', async () => {
    const seqs = await publish(4, 10);
    const bounded = collect(new RunEventFollower(nats, source, seqs[0] - 1, { heartbeatMs: 500, through: seqs[1] }));
    await bounded.done;
    expect(bounded.got.map((e) => e.seq)).toEqual(seqs.slice(0, 2));

    const toTheEnd = collect(new RunEventFollower(nats, source, seqs[1], { heartbeatMs: 500, through: seqs[3] + 1_000 }));
    await toTheEnd.done;
    expect(toTheEnd.got.map((e) => e.seq)).toEqual(seqs.slice(2));
    expect(toTheEnd.got.at(-1)!.pending).toBe(0);

    const nothing = collect(new RunEventFollower(nats, source, seqs[3], { heartbeatMs: 500, through: seqs[3] + 1_000 }));
    await nothing.done;
    expect(nothing.got).toEqual([]);
  });
});
