import type { StopReason } from '@anthropic-ai/sdk/resources/messages';
import { ContentBlockSpec, ErrorSpec, Scenario, StepSpec, UsageSpec } from '../scenarios/scenario';

/** Where a run is in its scenario. */
export interface RunCursor {
  readonly stepIndex: number;
  /** How many times the current error step has answered. */
  readonly errorsAnswered: number;
  /** Turn calls played so far, errors included: `{{turn}}` is this plus one. */
  readonly turnCalls: number;
  /** When the current error step with `forMs` first answered (epoch ms). */
  readonly errorSince?: number;
}

export const FIRST_TURN: RunCursor = { stepIndex: 0, errorsAnswered: 0, turnCalls: 0 };

export interface PlayedReply {
  kind: 'reply';
  content: ContentBlockSpec[];
  stopReason?: StopReason;
  usage?: UsageSpec;
  delayMs: number;
}

export interface PlayedError {
  kind: 'error';
  error: ErrorSpec;
  delayMs: number;
}

export type PlayedStep = PlayedReply | PlayedError;

// Past the script the run should end, not fail: a scenario need not spell out its last word.
const FINISHED: StepSpec = {
  content: [{ type: 'text', text: 'That is everything I set out to do, so I will stop here.' }],
  stop_reason: 'end_turn',
};

/** Replaces `{{turn}}` in every string of a step; returns plain copies, never the scenario's own objects. */
export function withTurn<T>(value: T, turn: number): T {
  if (typeof value === 'string') return value.replaceAll('{{turn}}', String(turn)) as T;
  if (Array.isArray(value)) return value.map((v) => withTurn(v, turn)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withTurn(v, turn)])) as T;
  }
  return value;
}

/** The step a run's next turn call plays at `now` (epoch ms), and where the run stands after it. */
export function playTurn(scenario: Scenario, cursor: RunCursor, now: number): { played: PlayedStep; next: RunCursor } {
  const turn = cursor.turnCalls + 1;
  const last = scenario.steps.length - 1;
  const index = scenario.repeatLast ? Math.min(cursor.stepIndex, last) : cursor.stepIndex;
  const step = withTurn(scenario.steps[index] ?? FINISHED, turn);
  const delayMs = step.delayMs ?? 0;
  if (step.error && step.forMs !== undefined) {
    const since = cursor.errorSince ?? now;
    const over = now - since >= step.forMs && !(scenario.repeatLast && index === last);
    if (over) return playTurn(scenario, { stepIndex: index + 1, errorsAnswered: 0, turnCalls: cursor.turnCalls }, now);
    return {
      played: { kind: 'error', error: step.error, delayMs },
      next: { stepIndex: index, errorsAnswered: 0, turnCalls: turn, errorSince: since },
    };
  }
  if (step.error) {
    const answered = cursor.errorsAnswered + 1;
    const done = answered >= (step.times ?? 1);
    return {
      played: { kind: 'error', error: step.error, delayMs },
      next: { stepIndex: done ? index + 1 : index, errorsAnswered: done ? 0 : answered, turnCalls: turn },
    };
  }
  return {
    played: { kind: 'reply', content: step.content ?? [], stopReason: step.stop_reason, usage: step.usage, delayMs },
    next: { stepIndex: Math.min(index + 1, scenario.steps.length), errorsAnswered: 0, turnCalls: turn },
  };
}
