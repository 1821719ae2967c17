import { Injectable } from '@nestjs/common';
import { CofounderConfig } from '@cofounder/config';
import { BudgetLimit } from '@cofounder/contracts';
import { BudgetGate, RunRecord } from './ports';

/** Why billing would not reserve a call, as the run acts on it. */
export interface BudgetRefusal {
  limit: BudgetLimit;
  reason: string | null;
  /** `day` and `period`: when the allowance comes back. */
  retryAt: Date | null;
  forecastMicrodollars: number | null;
}

/** A model call billing would not reserve: the run sleeps or asks its founder, it never calls the model. */
export class BudgetRefused extends Error {
  constructor(readonly refusal: BudgetRefusal) {
    super(refusal.reason ?? `The ${refusal.limit} budget does not allow another model call.`);
  }
}

/**
 * One reservation per model call, asked right before it: the call's worst case in tokens (our
 * calibrated estimate of its prompt, never more than the window, and the `max_tokens` it will
 * really send). Billing prices it and answers with the reservation the call's usage settles.
 */
@Injectable()
export class CallBudget {
  constructor(private readonly gate: BudgetGate, private readonly config: CofounderConfig) {}

  /** The reservation's id (none from a gate that keeps no reservations); throws BudgetRefused, or Unavailable while billing is away. */
  async reserve(run: RunRecord, promptEstimateTokens: number, maxOutputTokens: number): Promise<string | undefined> {
    const { contextWindow } = this.config.models[run.model];
    // Under-reserving would let a call overshoot the limits: the model's count is never taken as lower than ours.
    const estimatedInputTokens = Math.min(contextWindow, Math.ceil(promptEstimateTokens * Math.max(1, run.tokenRatio)));
    const decision = await this.gate.authorize(run, { estimatedInputTokens, maxOutputTokens });
    if (decision.allowed) return decision.reservationId;
    throw new BudgetRefused({
      // A refusal that names no limit is one no wait will lift: the founder decides.
      limit: decision.limit ?? 'plan',
      reason: decision.reason ?? null,
      retryAt: decision.retryAt ? new Date(decision.retryAt) : null,
      forecastMicrodollars: decision.forecastMicrodollars ?? null,
    });
  }
}
