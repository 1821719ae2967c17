/** "$5.00" for whole cents, every digit otherwise ("$0.000042"), so a founder never reads a rounded limit. */
export function formatDollars(microdollars: number): string {
  const whole = Math.trunc(microdollars / 1_000_000).toLocaleString('en-US');
  const fraction = String(microdollars % 1_000_000).padStart(6, '0');
  return `$${whole}.${fraction.endsWith('0000') ? fraction.slice(0, 2) : fraction.replace(/0+$/, '')}`;
}
