import { nuid } from '@nats-io/transport-node';
import { Streams, Subjects } from '@cofounder/contracts';
import { NatsConnectionHolder } from '@cofounder/messaging';
import { waitFor } from './wait-for';

export interface StoredEvent {
  seq: number;
  msgId: string | undefined;
  data: Record<string, unknown> & { type: string };
}

/** Every message the EVENTS stream holds for the run, in stream order, with the message id it was published under. */
export async function storedEvents(nats: NatsConnectionHolder, runId: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for (let seq = 0; ;) {
    const m = await nats.jsm.streams.getMessage(Streams.EVENTS, { seq: seq + 1, next_by_subj: Subjects.runEvents(runId) } as never);
    if (!m) return events;
    events.push({ seq: m.seq, msgId: m.header?.get('Nats-Msg-Id'), data: m.json() });
    seq = m.seq;
  }
}

/**
 * Returns once EVENTS has provably forgotten every message id it saw before the call: a probe id,
 * stored once now, is published again until the stream stores it again rather than dropping it
 * as a duplicate. The stream forgets ids oldest first, so all those older than the probe are gone.
 */
export async function outlastDuplicateWindow(nats: NatsConnectionHolder, within = 30_000): Promise<void> {
  const subject = `evt.probe.${nuid.next()}`;
  const msgID = `probe:${nuid.next()}`;
  await nats.js.publish(subject, '{}', { msgID });
  await waitFor(async () => ((await nats.js.publish(subject, '{}', { msgID })).duplicate ? undefined : true),
    'the EVENTS duplicate window to pass', within);
}
