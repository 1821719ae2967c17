import type { BudgetLimit } from '@cofounder/contracts';
import type { EscalationRequest } from '../agent-loop/decide';
import { BudgetRefusal } from '../call-budget';

/** The founder's question when a limit refuses a call that no wait will lift, and the limit it came from. */
export type BudgetEscalation = EscalationRequest & { budgetLimit: BudgetLimit };

const ASKED: Record<BudgetLimit, { why: string; ask: string; options: EscalationRequest['options'] }> = {
  alert: {
    why: 'You have used 80% of this period\'s budget.',
    ask: 'Go on (you will not be asked again this period), or stop the run?', options: ['continue', 'stop'],
  },
  awake_period: {
    why: 'This run has spent what one stretch of work may cost.',
    ask: 'Go on with a new stretch, or stop the run?', options: ['continue', 'stop'],
  },
  project: {
    why: 'This project has spent the share of the period\'s budget one project may.',
    ask: 'Try again (once your plan allows more), or stop the run?', options: ['retry', 'stop'],
  },
  plan: {
    why: 'One call of this model can cost more than a whole day\'s allowance: the plan is too small for this model.',
    ask: 'Try again (once your plan is larger), or stop the run?', options: ['retry', 'stop'],
  },
  // A sleep with no time to wake at cannot be slept: the founder decides instead.
  day: { why: 'Today\'s budget is spent.', ask: 'Try again, or stop the run?', options: ['retry', 'stop'] },
  period: { why: 'This period\'s budget is spent.', ask: 'Try again, or stop the run?', options: ['retry', 'stop'] },
};

/** `day` and `period` sleep until billing's retryAt; every other refusal is the founder's to answer. */
export function sleepsUntil(refusal: BudgetRefusal): Date | null {
  return refusal.limit === 'day' || refusal.limit === 'period' ? refusal.retryAt : null;
}

export function budgetEscalation(refusal: BudgetRefusal): BudgetEscalation {
  const asked = ASKED[refusal.limit];
  const why = refusal.reason?.trim() || asked.why;
  return { kind: 'budget', reason: `${why} ${asked.ask}`, options: asked.options, budgetLimit: refusal.limit };
}
