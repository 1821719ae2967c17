import type { RunEvent } from '@cofounder/contracts';
import type { StreamMessage } from './run-digest';

/** A comment line: keeps proxies and browsers from timing the stream out while a tool runs for minutes. */
export const HEARTBEAT_FRAME = ': heartbeat\n\n';

const FRAMES = new WeakMap<RunEvent, string>();

/** One SSE message as it goes on the wire, serialised once however many clients of the run it goes to. */
export function sseFrame({ seq, event }: StreamMessage): string {
  let frame = FRAMES.get(event);
  if (frame === undefined) {
    frame = `id: ${seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
    FRAMES.set(event, frame);
  }
  return frame;
}
