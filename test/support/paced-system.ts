import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * A founder's money on a fast clock, for the e2e tests of sleep, wake, usage and brakes.
 *
 * Every model call of the scenarios below reports 1,800 output tokens of the 2,000 it may
 * write, so one call costs about 30,000 µ$ (cofounder-sim: $3 in, $15 out per million) and
 * reserves about as much (its worst case: the prompt and 2,000 output tokens). A pacing day's
 * allowance of 135,000 µ$ (the period's 810,000 over 6 days) then pays for four calls: the
 * fifth call's reservation no longer fits, and the run sleeps until the next pacing day.
 */
export const PACING = {
  dayMs: 15_000,
  periodDays: 6,
  budgetMicrodollars: 810_000,
  outputTokens: 1_800,
  maxOutputTokens: 2_000,
  /** The tier a signed Stripe subscription to this price moves the founder to, with a model of its own. */
  upgradePriceId: 'price_e2e_builder',
  upgradeModel: 'cofounder-sim-pro',
} as const;

/** The overlay over the bundled configuration: existing tiers are reshaped, so no field any tier needs is left out. */
export function pacedConfig(): Record<string, unknown> {
  const price = { input: 3_000_000, output: 15_000_000, cacheWrite: 3_750_000, cacheRead: 300_000 };
  const paced = { monthlyBudgetMicrodollars: PACING.budgetMicrodollars, awakePeriodCapMicrodollars: PACING.budgetMicrodollars };
  return {
    defaultTier: 'bootstrapper',
    periodDays: PACING.periodDays,
    time: { dayMs: PACING.dayMs },
    models: {
      'cofounder-sim': { maxOutputTokens: PACING.maxOutputTokens },
      [PACING.upgradeModel]: { contextWindow: 200_000, maxOutputTokens: PACING.maxOutputTokens, price },
    },
    tiers: {
      bootstrapper: { model: 'cofounder-sim', ...paced },
      builder: { model: PACING.upgradeModel, ...paced, stripePriceIds: [PACING.upgradePriceId] },
    },
  };
}

const workStep = {
  content: [{ type: 'tool_use', name: 'bash', input: { command: 'echo turn-{{turn}} >> progress.txt && cat progress.txt' } }],
  stop_reason: 'tool_use',
  usage: { output_tokens: PACING.outputTokens },
};

/**
 * `work-N`: N model calls, each appending its turn to progress.txt and showing the whole file,
 * then done; `endless-work`: the same call forever. Returns the folder for SIM_SCENARIOS.
 */
export function writePacedScenarios(calls: number[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cf-paced-scenarios-'));
  for (const n of calls) {
    const steps = [...Array.from({ length: n - 1 }, () => workStep),
      { content: [{ type: 'text', text: 'All the work is done.' }], stop_reason: 'end_turn', usage: { output_tokens: PACING.outputTokens } }];
    writeFileSync(path.join(dir, `work-${n}.json`), JSON.stringify({ name: `work-${n}`, steps }));
  }
  writeFileSync(path.join(dir, 'endless-work.json'), JSON.stringify({ name: 'endless-work', repeatLast: true, steps: [workStep] }));
  return dir;
}

/** Today's allowance by the pacing formula (docs/billing.md): what is left of the budget over the pacing days left, today included. */
export function allowanceOfDay(day: number, spentBefore: number): number {
  return Math.floor((PACING.budgetMicrodollars - spentBefore) / (PACING.periodDays - day));
}

export interface DaySpend {
  day: number;
  calls: number;
  spentMicrodollars: number;
}

/**
 * The founder's ledger in billing's schema, summed by pacing day from the period's start (a
 * call counts in the day it was authorized). Read from the test's own database: the figures
 * the founder is shown come from the same rows, so this checks them rather than repeats them.
 */
export async function spendByDay(databaseUrl: string, ownerId: string, periodStart: Date): Promise<DaySpend[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ day: string; calls: string; spent: string }>(
      `SELECT floor(extract(epoch FROM (${LEDGER_DAY_COLUMN} - $2::timestamptz)) * 1000 / $3)::int AS day,
              count(*) AS calls, sum(cost_microdollars) AS spent
         FROM billing.ledger_entries WHERE owner_id = $1 GROUP BY 1 ORDER BY 1`,
      [ownerId, periodStart.toISOString(), PACING.dayMs]);
    return rows.map((r) => ({ day: Number(r.day), calls: Number(r.calls), spentMicrodollars: Number(r.spent) }));
  } finally {
    await db.end();
  }
}

/** How many ledger rows a run has: the model calls billed so far. */
export async function ledgerRowsOf(databaseUrl: string, runId: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM billing.ledger_entries WHERE run_id = $1', [runId]);
    return Number(rows[0].n);
  } finally {
    await db.end();
  }
}

/** A call counts in the pacing day in which it was authorized (docs/billing.md), whenever its usage arrived. */
const LEDGER_DAY_COLUMN = 'authorized_at';
