// A run's status in plain words, from its status and `reason`: what the status card and the
// lists of runs say.
import { wakeWords } from './formats.js';

export const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

/** A short label, for lists and the feed. */
export const STATUS_LABELS = {
  queued: 'Queued',
  running: 'Working',
  sleeping: 'Resting',
  awaiting_input: 'Waiting for your answer',
  paused: 'Paused by you',
  completed: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/**
 * `{headline, when?, detail?}` for the status card. `detail` is the run's own reason when it
 * says more than the headline does.
 */
export function statusWords({ status, reason, wakeAt, escalation }, now = new Date()) {
  const detail = reason ?? undefined;
  switch (status) {
    case 'queued': return { headline: 'Queued: the agent starts in a moment.' };
    case 'running': return { headline: reason ? 'Working, but held up' : 'Working', detail };
    case 'sleeping': return {
      headline: 'Resting: today\'s work is done.',
      when: wakeAt ? `Resuming ${wakeWords(wakeAt, now)}` : undefined,
      detail,
    };
    // The question itself is on its own card, just below.
    case 'awaiting_input': return { headline: 'Waiting for your answer', detail: escalation ? 'The agent is stuck and asks you below; it spends nothing while it waits.' : detail };
    case 'paused': return { headline: 'Paused by you', detail: 'Resume when you are ready; a paused run spends nothing.' };
    case 'completed': return { headline: 'Done', detail: 'The agent reached the goal; its summary is the last entry of the activity.' };
    case 'failed': return { headline: 'Failed', detail };
    case 'cancelled': return { headline: 'Cancelled', detail };
    default: return { headline: status };
  }
}
