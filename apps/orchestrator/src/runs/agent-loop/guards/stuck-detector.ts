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
      isError: boolean;
      errorSignature?: string;
    }
  | { kind: 'talk' };

type ActionStep = Extract<LoopStep, { kind: 'action' }>;

export type StuckPatternKind = 'same_action_observation' | 'same_error' | 'monologue' | 'alternation';

export interface StuckPattern {
  kind: StuckPatternKind;
  /** Plain language for the founder. */
  reason: string;
}

export const SAME_ACTION_OBSERVATION_STEPS = 4;
export const SAME_ERROR_STEPS = 3;
export const MONOLOGUE_STEPS = 3;
export const ALTERNATION_STEPS = 6;

function lastActions(history: readonly LoopStep[], count: number): ActionStep[] | null {
  if (history.length < count) return null;
  const tail = history.slice(-count);
  return tail.every((step): step is ActionStep => step.kind === 'action') ? tail : null;
}

const sameAction = (a: ActionStep, b: ActionStep) => a.tool === b.tool && a.inputHash === b.inputHash;
const sameStep = (a: ActionStep, b: ActionStep) => sameAction(a, b) && a.observationHash === b.observationHash;
// Without a signature, the whole (normalised) result stands in for the error.
const sameFailure = (a: ActionStep, b: ActionStep) =>
  (a.errorSignature ?? a.observationHash) === (b.errorSignature ?? b.observationHash);

function isSameActionObservation(history: readonly LoopStep[]): ActionStep | null {
  const steps = lastActions(history, SAME_ACTION_OBSERVATION_STEPS);
  return steps && steps.every((s) => sameStep(s, steps[0])) ? steps[0] : null;
}

function isSameError(history: readonly LoopStep[]): boolean {
  const steps = lastActions(history, SAME_ERROR_STEPS);
  return !!steps && steps.every((s) => s.isError && sameAction(s, steps[0]) && sameFailure(s, steps[0]));
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
 * every step. The most specific pattern wins when several match.
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
  if (isSameError(history)) {
    return { kind: 'same_error', reason: `The agent tried the same step ${SAME_ERROR_STEPS} times and it failed the same way each time.` };
  }
  if (isAlternation(history)) {
    return { kind: 'alternation', reason: 'The agent kept switching back and forth between the same two steps without making progress.' };
  }
  if (isMonologue(history)) {
    return { kind: 'monologue', reason: `The agent wrote ${MONOLOGUE_STEPS} messages in a row without doing anything.` };
  }
  return null;
}
