import { errors as natsErrors } from '@nats-io/transport-node';
import { JetStreamPublisher } from '@cofounder/messaging';
import { ModelReply } from '../runs/agent-loop/model-reply';
import { RunRecord } from '../runs/ports';
import { UsagePublisher } from './usage-publisher.adapter';

const run = { id: 'run-1', ownerId: 'founder-1', projectId: 'project-1' } as RunRecord;
const reply = { responseId: 'msg_1', usage: { inputTokens: 10, outputTokens: 5, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 } } as ModelReply;

/** A publisher whose first `failures` publishes throw `error`. */
function publisherFailing(failures: number, error: () => Error): { publisher: JetStreamPublisher; msgIds: string[] } {
  const msgIds: string[] = [];
  const publisher = {
    publish: jest.fn(async (_subject: string, _payload: unknown, msgID: string) => {
      msgIds.push(msgID);
      if (msgIds.length <= failures) throw error();
      return { seq: 1, stream: 'USAGE', duplicate: false };
    }),
  } as unknown as JetStreamPublisher;
  return { publisher, msgIds };
}

describe('UsagePublisher', () => {
  it('waits a NATS outage out in place: the reply it bills exists only in memory until saved', async () => {
    // Two tries meet the outage (250 ms, then 500 ms of backoff); the third gets through.
    const { publisher, msgIds } = publisherFailing(2, () => new natsErrors.TimeoutError());
    await new UsagePublisher(publisher).report(run, reply, 'claude', new Date(0), 'res-1');
    // Every try under the response id: a publish whose ack was lost is dropped by the stream as a duplicate.
    expect(msgIds).toEqual(['msg_1', 'msg_1', 'msg_1']);
  });

  it('throws at once a failure that is not an outage', async () => {
    const { publisher, msgIds } = publisherFailing(1, () => new Error('maximum payload exceeded'));
    await expect(new UsagePublisher(publisher).report(run, reply, 'claude', new Date(0))).rejects.toThrow('maximum payload exceeded');
    expect(msgIds).toHaveLength(1);
  });
});
