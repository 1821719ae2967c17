import { nuid } from '@nats-io/transport-node';
import { NatsConnectionHolder } from '@cofounder/messaging';

export const TEST_NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

export async function connectTestNats(name = 'test'): Promise<NatsConnectionHolder> {
  const holder = new NatsConnectionHolder();
  await holder.connect(TEST_NATS_URL, name);
  return holder;
}

/** A stream (or bucket) name no other test uses, as nats.js's own tests do. */
export function uniqueName(prefix = 'T'): string {
  return `${prefix}_${nuid.next()}`;
}
