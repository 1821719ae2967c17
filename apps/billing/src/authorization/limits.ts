import type { BudgetLimit } from '@cofounder/contracts';
import { formatDollars } from './format-dollars';

/** Everything one authorization is judged on; every sum counts settled spend and open reservations. */
export interface LimitFigures {
  /** The call's worst case. */
  cost: number;
  model: string;
  budget: number;
  /** The founder's spend authorized in this period before today. */
  spentBeforeToday: number;
  /** The founder's spend authorized today. */
  spentToday: number;
  todayAllowance: number;
  /** What the first day of a period allows: floor(budget ÷ pacing days in a period). */
  freshDayAllowance: number;
  /** This project's spend authorized in this period. */
  projectSpent: number;
  /** This run's spend authorized since its awake period began. */
  awakeSpent: number;
  awakePeriodCap: number;
  /** The founder said `continue` at 80% this period. */
  confirmedThisPeriod: boolean;
  todayEnd: Date;
  periodEnd: Date;
}

export interface Refusal {
  limit: BudgetLimit;
  reason: string;
  retryAt?: Date;
}

export const ALERT_SHARE = 0.8;
export const PROJECT_SHARE = 0.9;

/** floor(share × budget): the line a call may reach but not pass. */
export function shareOf(budget: number, share: number): number {
  return Math.floor(budget * share);
}

/**
 * The first limit the call would pass, or null when it fits under all of them. Reaching a
 * limit exactly is allowed. The sleeping limits (`period`, `day`) come before those that ask
 * the founder: a run that sleeps wakes with a new awake period and a new day's allowance.
 */
export function firstLimitPassed(f: LimitFigures): Refusal | null {
  const $ = formatDollars;
  const spent = f.spentBeforeToday + f.spentToday;
  // Bigger than today's allowance and than a fresh period's first day: waiting would never help.
  if (f.cost > Math.max(f.todayAllowance, f.freshDayAllowance)) {
    return {
      limit: 'plan',
      reason: `One call of ${f.model} can cost up to ${$(f.cost)}, more than a whole day's allowance of ${$(f.todayAllowance)}: the plan is too small for this model.`,
    };
  }
  if (spent + f.cost > f.budget) {
    return {
      limit: 'period',
      reason: `This period's budget of ${$(f.budget)} is spent (${$(spent)} so far); work resumes when it renews.`,
      retryAt: f.periodEnd,
    };
  }
  if (f.spentToday + f.cost > f.todayAllowance) {
    return {
      limit: 'day',
      reason: `Today's allowance of ${$(f.todayAllowance)} is spent (${$(f.spentToday)} so far); work resumes with tomorrow's.`,
      retryAt: f.todayEnd,
    };
  }
  if (!f.confirmedThisPeriod && spent + f.cost > shareOf(f.budget, ALERT_SHARE)) {
    return {
      limit: 'alert',
      reason: `${$(spent)} of this period's ${$(f.budget)} budget is spent, close to 80%: should work go on?`,
    };
  }
  if (f.projectSpent + f.cost > shareOf(f.budget, PROJECT_SHARE)) {
    return {
      limit: 'project',
      reason: `This project has spent ${$(f.projectSpent)}, close to its limit of 90% of the period's ${$(f.budget)} budget.`,
    };
  }
  if (f.awakeSpent + f.cost > f.awakePeriodCap) {
    return {
      limit: 'awake_period',
      reason: `This run has spent ${$(f.awakeSpent)} since it last started or woke, close to its tier's cap of ${$(f.awakePeriodCap)} per awake period.`,
    };
  }
  return null;
}
