import { RunEventType, TOOL_LEVEL_EVENTS } from '@cofounder/contracts';

/**
 * Verbose streams show each tool call; the default stream shows one tools.batched per turn
 * instead, so a founder reads what happened rather than every step of it.
 */
export function isVisible(type: RunEventType, verbose: boolean): boolean {
  if (TOOL_LEVEL_EVENTS.includes(type)) return verbose;
  if (type === 'tools.batched') return !verbose;
  return true;
}

/** The SSE cursor: Last-Event-ID wins over ?after=; neither replays from the first event. */
export function resumeAfter(lastEventId: string | undefined, after: string | undefined): number | 'invalid' {
  const cursor = lastEventId ?? after;
  if (cursor === undefined || cursor === '') return 0;
  return /^\d{1,15}$/.test(cursor) ? Number(cursor) : 'invalid';
}
