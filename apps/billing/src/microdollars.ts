/**
 * Money is integer microdollars: bigint in PostgreSQL and in cost arithmetic, a JS number on
 * the wire. A sum beyond 2^53 would silently lose cents as a number, so it is refused instead.
 */
export function safeMicrodollars(value: bigint | string): number {
  const exact = BigInt(value);
  if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${exact} microdollars is beyond a safe integer`);
  }
  return Number(exact);
}
