/**
 * Pacing on cost (docs/billing.md): pure arithmetic over times in milliseconds, so every edge
 * (first day, last day, rollover, a spent budget) is tested without a clock or a database.
 */
export interface Period {
  start: Date;
  end: Date;
}

/** What a founder's period is measured from. */
export interface PeriodSource {
  /** The Stripe subscription's current period, when the founder has a paying one. */
  subscription?: Period;
  /** Otherwise: periods of `periodDays` pacing days from here (first run, or the end of a subscription). */
  anchor: Date;
}

export interface PacingSettings {
  dayMs: number;
  periodDays: number;
}

/**
 * The period holding `now`. Periods roll forward by their own length: a founder's first
 * run a year ago is in its thirteenth period now; a Stripe period whose renewal event is
 * late is carried forward rather than left ended.
 */
export function periodAt(source: PeriodSource, settings: PacingSettings, now: Date): Period {
  const first = source.subscription ?? {
    start: source.anchor,
    end: new Date(source.anchor.getTime() + settings.periodDays * settings.dayMs),
  };
  const length = first.end.getTime() - first.start.getTime();
  const elapsed = now.getTime() - first.start.getTime();
  const k = length > 0 && elapsed > 0 ? Math.floor(elapsed / length) : 0;
  return { start: new Date(first.start.getTime() + k * length), end: new Date(first.end.getTime() + k * length) };
}

/** The pacing day holding `now`: days are periodStart + k·dayMs; the last may be cut short by periodEnd. */
export function pacingDayAt(period: Period, dayMs: number, now: Date): Period {
  const k = Math.max(0, Math.floor((now.getTime() - period.start.getTime()) / dayMs));
  const start = period.start.getTime() + k * dayMs;
  return { start: new Date(start), end: new Date(Math.min(start + dayMs, period.end.getTime())) };
}

/** Pacing days left in the period, today included: ⌈(periodEnd − today's start) ÷ dayMs⌉, at least one. */
export function pacingDaysLeft(period: Period, today: Period, dayMs: number): number {
  return Math.max(1, Math.ceil((period.end.getTime() - today.start.getTime()) / dayMs));
}

/** Pacing days in a whole period. */
export function pacingDaysIn(period: Period, dayMs: number): number {
  return Math.max(1, Math.ceil((period.end.getTime() - period.start.getTime()) / dayMs));
}

/**
 * Today's allowance = (budget − spent before today) ÷ pacing days left, rounded down. A
 * founder who spent past the budget (a call that cost more than its reservation) has none.
 */
export function todayAllowance(budget: number, spentBeforeToday: number, daysLeft: number): number {
  return Math.floor(Math.max(0, budget - spentBeforeToday) / daysLeft);
}
