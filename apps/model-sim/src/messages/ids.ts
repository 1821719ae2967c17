import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Shaped like the real API's ids; billing deduplicates usage on the message id, so each is random.
function randomId(prefix: string): string {
  let id = prefix;
  for (let i = 0; i < 24; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

export const newMessageId = (): string => randomId('msg_01');
export const newToolUseId = (): string => randomId('toolu_01');
export const newRequestId = (): string => randomId('req_01');
