import { nudgeFor } from './nudge';
import { detectRepetition, REPETITION_LIMIT, REPETITION_WINDOW } from './repetition';
import { detectStuck } from './stuck-detector';
import { LoopTrace } from './loop-steps';

export type LoopVerdict =
  | { kind: 'ok' }
  /** Told once to the model, as the next user message. */
  | { kind: 'nudge'; text: string }
  | { kind: 'escalate'; escalationKind: 'stuck' | 'repetition'; reason: string };

/**
 * Whether a call of the latest turn is at least the REPETITION_LIMIT-th identical one in its
 * window. Older calls were judged when they were made: a nudge must not be followed by an
 * escalation for the very repetition it answered.
 */
function latestTurnRepeats({ calls, latestTurnCalls }: LoopTrace): boolean {
  for (let i = calls.length - latestTurnCalls; i < calls.length; i++) {
    if (detectRepetition(calls.slice(0, i), calls[i])) return true;
  }
  return false;
}

/**
 * The loop guards after a turn: a pattern of going round in circles gets one nudge to the
 * model; any pattern after that nudge (since the founder last spoke) asks the founder.
 * Stuck patterns are checked first: they name what went wrong more precisely.
 */
export function judgeLoop(trace: LoopTrace, nudged: boolean): LoopVerdict {
  const stuck = detectStuck(trace.steps);
  if (stuck) return nudged ? { kind: 'escalate', escalationKind: 'stuck', reason: stuck.reason } : { kind: 'nudge', text: nudgeFor(stuck.kind) };
  if (!latestTurnRepeats(trace)) return { kind: 'ok' };
  return nudged
    ? {
      kind: 'escalate',
      escalationKind: 'repetition',
      reason: `The agent made the same tool call ${REPETITION_LIMIT} times within ${REPETITION_WINDOW} calls, even after being told.`,
    }
    : { kind: 'nudge', text: nudgeFor('repetition') };
}
