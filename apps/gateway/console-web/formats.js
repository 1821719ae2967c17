// Money, times and durations as a founder reads them.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_MS = 86_400_000;

/** Microdollars as dollars: cents for whole dollars, tenths of a cent below a dollar so a run's cost never reads $0.00. */
export function money(microdollars) {
  const dollars = (microdollars ?? 0) / 1_000_000;
  const small = dollars !== 0 && Math.abs(dollars) < 1;
  return new Intl.NumberFormat('en-US', {
    style: 'currency', currency: 'USD', minimumFractionDigits: small ? 4 : 2, maximumFractionDigits: small ? 4 : 2,
  }).format(dollars);
}

/** "tomorrow at 09:00 UTC": the wake time in UTC, as the run's own reason says it. */
export function wakeWords(at, now = new Date()) {
  const hhmm = at.toISOString().slice(11, 16);
  const days = Math.round((utcMidnight(at) - utcMidnight(now)) / DAY_MS);
  const day = days === 0 ? 'today' : days === 1 ? 'tomorrow' : `on ${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]}`;
  return `${day} at ${hhmm} UTC`;
}

/** "in 3 h 05 min 09 s": what is left until `at`, to the second. */
export function countdown(at, now = Date.now()) {
  const left = Math.ceil((at.getTime() - now) / 1000);
  if (left <= 0) return 'any moment now';
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  const pad = (n) => String(n).padStart(2, '0');
  if (h > 0) return `in ${h} h ${pad(m)} min ${pad(s)} s`;
  if (m > 0) return `in ${m} min ${pad(s)} s`;
  return `in ${s} s`;
}

/** The local time of day, for the feed. */
export function clockTime(iso) {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A date and time, for lists of runs and projects. */
export function when(iso) {
  return new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

function utcMidnight(at) {
  return Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
}
