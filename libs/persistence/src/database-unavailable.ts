/** Socket errors of a database that cannot be reached, or went away under a query. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/**
 * SQLSTATEs of an unavailable server, not of a wrong query: class 08 (connection exception),
 * 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now) and 53300 (too many connections).
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || /^57P0[1-3]$/.test(code) || code === '53300';
}

/**
 * What pg, pg-pool and TypeORM say, without a code, when the server is out of reach: a pool that
 * cannot connect in time, a connection cut mid-query, a client or driver left unusable by that.
 */
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Driver not Connected/i,
  /is not queryable/i,
  /Connection is not established/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/**
 * True when `err` (or what caused it) says PostgreSQL could not be reached or dropped the
 * connection: an outage to wait out, never a reason to give a message up. A query that is
 * wrong (a constraint, a syntax error) is not one.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e = err; e !== null && typeof e === 'object' && !seen.has(e); ) {
    seen.add(e);
    const { code, message, driverError, cause } = e as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && isUnavailableSqlState(code)))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    // An AggregateError (a host with several addresses, all refused) carries the real ones inside.
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.some((x) => isDatabaseUnavailable(x))) return true;
    e = driverError ?? cause;
  }
  return false;
}
