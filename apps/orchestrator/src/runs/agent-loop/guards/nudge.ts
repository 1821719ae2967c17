import { StuckPatternKind } from './stuck-detector';

export type NudgeReason = StuckPatternKind | 'repetition';

const NUDGES: Record<NudgeReason, string> = {
  same_action_observation:
    'You have run the same command several times with the same result. Step back, explain what you think is wrong, and try a different approach.',
  same_action_error:
    'You have made the same call several times and it failed each time. Do not run it again as it is: read the errors, change something, or try a different approach.',
  monologue:
    'You have written several messages without using a tool. Take a concrete next step with a tool, or explain what is blocking you.',
  alternation:
    'You are switching back and forth between the same two steps without making progress. Step back, explain what you think is wrong, and try a different approach.',
  repetition:
    'You are repeating a tool call you have already made with the same input. Use the result you already have, or try a different approach.',
};

/**
 * The user-turn text sent once, before the run escalates to the founder: a guard that
 * fires again after its nudge escalates instead of nudging twice.
 */
export function nudgeFor(reason: NudgeReason): string {
  return NUDGES[reason];
}
