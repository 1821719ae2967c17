/**
 * Waits until `probe` returns a value other than undefined, checking again whenever the
 * previous check finished; fails with `what` at the deadline. For state that has no event
 * to wait on (a row written by another process).
 */
export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, within = 20_000): Promise<T> {
  const deadline = Date.now() + within;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${within} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
