/** Raised when a figure read at scrape time did not come within its deadline. */
export class TooSlow extends Error {}

/**
 * `work`, or a TooSlow rejection after `ms`: a scrape answers promptly while a dependency (NATS,
 * PostgreSQL) is away, without the figure that depends on it. `work` itself is not cancelled.
 */
export function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TooSlow(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
