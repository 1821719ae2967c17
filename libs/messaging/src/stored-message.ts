import { JetStreamManager } from '@nats-io/jetstream';

/**
 * The stream sequence of the message published under `msgId` on `subject` after `afterSeq`,
 * or null when the stream holds none. Walks that subject's messages only (`next_by_subj`, which
 * nats-server 2.9 has), so from a recent `afterSeq` it is a round trip or two.
 */
export async function storedMessageSeq(
  jsm: JetStreamManager, stream: string, subject: string, msgId: string, afterSeq: number,
): Promise<number | null> {
  for (let seq = afterSeq; ;) {
    // nats.js types `next_by_subj` only for direct gets; the stream API's MSG.GET takes it as well.
    const m = await jsm.streams.getMessage(stream, { seq: seq + 1, next_by_subj: subject } as never);
    if (!m) return null;
    if (m.header?.get('Nats-Msg-Id') === msgId) return m.seq;
    seq = m.seq;
  }
}
