import { StuckPatternKind } from './stuck-detector';

export type NudgeReason = StuckPatternKind | 'repetition' | 'empty_end_turn';

const NUDGES: Record<NudgeReason, string> = {
  same_action_observation:
    'You have run the same command several times with the same result. Step back, explain what you think is wrong, and try a different approach.',
  same_action_error:
    'You have made the same call several times and it failed each time. Do not run it again as it is: read the errors, change something, or try a different approach.',
  monologue:
    'You have written several messages without using a tool. Take a concrete next step with a tool, or explain what is blocking you.',
  alternation:
    'You are switching back and forth between the same two steps without making progress. Step back, explain what you think is wrong, and try a different approach.',
  empty_end_turn:
    'You ended your turn without a word or a tool call. If the work is done, say what you did; if not, take the next step with a tool.',
  repetition:
    'You are repeating a tool call you have already made with the same input. Use the result you already have, or try a different approach.',
};

/**
 * What the model is told when one error has come back NUDGE_AT_FAILURE times: the error itself,
 * and that the founder is asked if it comes back once more.
 */
export function nudgeForRetries(count: number, error: string): string {
  return `The same error has come back ${count} times: ${error} Find its cause and change your approach rather than trying again as before; if it comes back once more, your founder will be asked.`;
}

/**
 * The user-turn text sent once, before the run escalates to the founder: a guard that
 * fires again after its nudge escalates instead of nudging twice.
 */
export function nudgeFor(reason: NudgeReason): string {
  return NUDGES[reason];
}
