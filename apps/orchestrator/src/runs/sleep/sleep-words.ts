import { BudgetRefusal } from '../call-budget';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_MS = 86_400_000;

/** Why a run sleeps, for its founder: billing's reason, when the agent goes on (UTC), and what the project will cost at this pace. */
export function sleepReason(refusal: BudgetRefusal, wakeAt: Date, now: Date): string {
  const why = refusal.reason ?? (refusal.limit === 'day' ? 'Today\'s budget is spent.' : 'This period\'s budget is spent.');
  const when = `${why.trim().replace(/[.;]?$/, ';')} the agent rests and goes on at ${clockTime(wakeAt)} UTC ${dayWords(wakeAt, now)}.`;
  const forecast = refusal.forecastMicrodollars;
  return forecast === null ? when : `${when} At this pace, the project will cost ${dollars(forecast)} by the end of the period.`;
}

/** Rounded up to the cent: a forecast never reads lower than it is. */
function dollars(microdollars: number): string {
  return `$${(Math.ceil(microdollars / 10_000) / 100).toFixed(2)}`;
}

function clockTime(at: Date): string {
  const hhmm = at.toISOString().slice(11, 16);
  // A test's day lasts seconds: its wake times differ by seconds only.
  return at.getUTCSeconds() ? at.toISOString().slice(11, 19) : hhmm;
}

/** "today", "tomorrow", or the date (with its year when it is not this one). */
function dayWords(at: Date, now: Date): string {
  const days = Math.round((utcMidnight(at) - utcMidnight(now)) / DAY_MS);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  const year = at.getUTCFullYear() === now.getUTCFullYear() ? '' : ` ${at.getUTCFullYear()}`;
  return `on ${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]}${year}`;
}

function utcMidnight(at: Date): number {
  return Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
}
