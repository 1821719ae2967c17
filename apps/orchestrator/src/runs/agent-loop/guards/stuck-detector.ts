/**
 * One entry per tool call, oldest first; `talk` is a model turn with text and no tool call.
 * Pass the steps since the founder last spoke: an answer from the founder starts afresh.
 */
export type LoopStep =
  | {
      kind: 'action';
      tool: string;
      inputHash: string;
      observationHash: string;
      /** The tool said it failed (a tool_result with is_error). */
      failed: boolean;
    }
  | { kind: 'talk' };

type ActionStep = Extract<LoopStep, { kind: 'action' }>;

// The same error three times, whatever the call, is the retry budget's to judge (retry-budget.ts).
// `same_action_error` is the same call failing back to back whatever each error says: its text
// may change every time (a counter, a new cause) while the model learns nothing from it.
export type StuckPatternKind = 'same_action_observation' | 'same_action_error' | 'monologue' | 'alternation';

export interface StuckPattern {
  kind: StuckPatternKind;
  /** Plain language for the founder. */
  reason: string;
}

export const SAME_ACTION_OBSERVATION_STEPS = 4;
/** As OpenHands V1 counts it: told at the third failing call, asked at the fourth. */
export const SAME_ACTION_ERROR_STEPS = 3;
/** How far back a run of failures is counted for the founder: the guard's cost stays bounded. */
const SAME_ACTION_ERROR_SCAN = 20;
export const MONOLOGUE_STEPS = 3;
export const ALTERNATION_STEPS = 6;

function lastActions(history: readonly LoopStep[], count: number): ActionStep[] | null {
  if (history.length < count) return null;
  const tail = history.slice(-count);
  return tail.every((step): step is ActionStep => step.kind === 'action') ? tail : null;
}

const sameAction = (a: ActionStep, b: ActionStep) => a.tool === b.tool && a.inputHash === b.inputHash;
const sameStep = (a: ActionStep, b: ActionStep) => sameAction(a, b) && a.observationHash === b.observationHash;

function isSameActionObservation(history: readonly LoopStep[]): ActionStep | null {
  const steps = lastActions(history, SAME_ACTION_OBSERVATION_STEPS);
  return steps && steps.every((s) => sameStep(s, steps[0])) ? steps[0] : null;
}

/** How many times in a row the last call was made and failed; 0 unless at least SAME_ACTION_ERROR_STEPS. */
function failedRepeats(history: readonly LoopStep[]): { step: ActionStep; count: number } | null {
  const last = history.at(-1);
  if (last?.kind !== 'action' || !last.failed) return null;
  let count = 0;
  for (let i = history.length - 1; i >= Math.max(0, history.length - SAME_ACTION_ERROR_SCAN); i--) {
    const step = history[i];
    if (step.kind !== 'action' || !step.failed || !sameAction(step, last)) break;
    count += 1;
  }
  return count >= SAME_ACTION_ERROR_STEPS ? { step: last, count } : null;
}

function isMonologue(history: readonly LoopStep[]): boolean {
  return history.length >= MONOLOGUE_STEPS && history.slice(-MONOLOGUE_STEPS).every((s) => s.kind === 'talk');
}

function isAlternation(history: readonly LoopStep[]): boolean {
  const steps = lastActions(history, ALTERNATION_STEPS);
  if (!steps) return false;
  const [a, b] = steps;
  // A single repeated step is the same_action_observation pattern, not an alternation.
  if (sameAction(a, b)) return false;
  return steps.every((s, i) => sameStep(s, i % 2 === 0 ? a : b));
}

const didAgain = (step: ActionStep) => (step.tool === 'bash' ? 'ran the same command' : 'repeated the same step');

/**
 * Whether the last steps show the agent going round in circles. Pure and cheap: run it after
 * every step.
 */
export function detectStuck(history: readonly LoopStep[]): StuckPattern | null {
  const repeated = isSameActionObservation(history);
  if (repeated) {
    return { kind: 'same_action_observation', reason: `The agent ${didAgain(repeated)} ${SAME_ACTION_OBSERVATION_STEPS} times and got the same result.` };
  }
  const failing = failedRepeats(history);
  if (failing) {
    return { kind: 'same_action_error', reason: `The agent ${didAgain(failing.step)} ${failing.count} times and it failed each time.` };
  }
  if (isAlternation(history)) {
    return { kind: 'alternation', reason: 'The agent kept switching back and forth between the same two steps without making progress.' };
  }
  if (isMonologue(history)) {
    return { kind: 'monologue', reason: `The agent wrote ${MONOLOGUE_STEPS} messages in a row without doing anything.` };
  }
  return null;
}
