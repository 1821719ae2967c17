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
    }
  | { kind: 'talk' };

type ActionStep = Extract<LoopStep, { kind: 'action' }>;

// The same error three times is the retry budget's to judge (retry-budget.ts): it counts a
// failure by its signature whatever the input, so it asks the founder no later than this would.
export type StuckPatternKind = 'same_action_observation' | 'monologue' | 'alternation';

export interface StuckPattern {
  kind: StuckPatternKind;
  /** Plain language for the founder. */
  reason: string;
}

export const SAME_ACTION_OBSERVATION_STEPS = 4;
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

/**
 * Whether the last steps show the agent going round in circles. Pure and cheap: run it after
 * every step.
 */
export function detectStuck(history: readonly LoopStep[]): StuckPattern | null {
  const repeated = isSameActionObservation(history);
  if (repeated) {
    const what = repeated.tool === 'bash' ? 'ran the same command' : 'repeated the same step';
    return {
      kind: 'same_action_observation',
      reason: `The agent ${what} ${SAME_ACTION_OBSERVATION_STEPS} times and got the same result.`,
    };
  }
  if (isAlternation(history)) {
    return { kind: 'alternation', reason: 'The agent kept switching back and forth between the same two steps without making progress.' };
  }
  if (isMonologue(history)) {
    return { kind: 'monologue', reason: `The agent wrote ${MONOLOGUE_STEPS} messages in a row without doing anything.` };
  }
  return null;
}
