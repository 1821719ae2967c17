import type { AuthorizeReplyV1 } from '@cofounder/contracts';
import type { RunRecord, PinnedModel } from './records';

/** One model call's worst case, in tokens: billing alone prices it. */
export interface CallEstimate {
  estimatedInputTokens: number;
  maxOutputTokens: number;
}

export type BudgetDecision = AuthorizeReplyV1;

/** Billing's word on money: throws Unavailable while billing does not answer (no call is made without its word). */
export abstract class BudgetGate {
  abstract authorize(run: RunRecord, call: CallEstimate): Promise<BudgetDecision>;
  /** The run has ended: what it still holds reserved is given back. */
  abstract release(run: Pick<RunRecord, 'id' | 'ownerId'>): Promise<void>;
  /** The founder said `continue` at 80% of the period budget: not asked again this period. */
  abstract confirmBudget(ownerId: string): Promise<void>;
}

/** Which tier, and so which model, a founder is on now. */
export abstract class PlanSource {
  abstract resolve(ownerId: string): Promise<PinnedModel>;
}
