/** What billing knows when a run asks to make one more model call. */
export interface RunCapCheck {
  spentMicrodollars: number;
  /** The call's worst case, as the orchestrator estimated it. */
  estimatedCostMicrodollars: number;
  runCapMicrodollars: number;
}

export interface Authorization {
  allowed: boolean;
  reason?: string;
  spentMicrodollars: number;
}

/** "$5.00" for whole cents, every digit otherwise ("$0.000042"), so a founder never reads a rounded cap. */
export function formatDollars(microdollars: number): string {
  const whole = Math.trunc(microdollars / 1_000_000).toLocaleString('en-US');
  const fraction = String(microdollars % 1_000_000).padStart(6, '0');
  return `$${whole}.${fraction.endsWith('0000') ? fraction.slice(0, 2) : fraction.replace(/0+$/, '')}`;
}

/** A call is refused when it could take the run past its cap; reaching the cap exactly is allowed. */
export function checkRunCap(check: RunCapCheck): Authorization {
  const { spentMicrodollars, estimatedCostMicrodollars, runCapMicrodollars } = check;
  if (spentMicrodollars + estimatedCostMicrodollars > runCapMicrodollars) {
    return { allowed: false, reason: `This run has spent its ${formatDollars(runCapMicrodollars)} cap`, spentMicrodollars };
  }
  return { allowed: true, spentMicrodollars };
}
