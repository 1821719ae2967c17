/** The SSE cursor: Last-Event-ID wins over ?after=; neither replays from the first event. */
export function resumeAfter(lastEventId: string | undefined, after: string | undefined): number | 'invalid' {
  const cursor = lastEventId ?? after;
  if (cursor === undefined || cursor === '') return 0;
  return /^\d{1,15}$/.test(cursor) ? Number(cursor) : 'invalid';
}
