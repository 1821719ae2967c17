import { Type } from 'class-transformer';
import {
  IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Min, ValidateNested,
} from 'class-validator';
import { rpc } from './rpc';

/**
 * Before every model call: reserve its worst case. Billing alone knows prices, so the run sends
 * tokens (its input estimate and the call's `max_tokens`), never dollars.
 */
export class AuthorizeRequestV1 {
  @IsUUID() runId!: string;
  @IsString() @Length(1, 200) ownerId!: string;
  @IsUUID() projectId!: string;
  @IsString() model!: string;
  @IsInt() @Min(0) estimatedInputTokens!: number;
  @IsInt() @Min(1) maxOutputTokens!: number;
  /** When the run's awake period began (its start, or its last wake or resume): the awake-period cap counts from here. */
  @IsISO8601() awakeSince!: string;
}

/**
 * Which limit refused a call. `day` and `period` put the run to sleep until `retryAt`;
 * `awake_period`, `project` and `alert` (80% of the period budget, asked once) escalate with kind
 * `budget`; `plan` says one call's worst case exceeds a whole day's allowance, so waiting for
 * tomorrow would never help.
 */
export const BUDGET_LIMITS = ['day', 'period', 'awake_period', 'project', 'alert', 'plan'] as const;
export type BudgetLimit = (typeof BUDGET_LIMITS)[number];

/** A refusal is an answer, not an error: it says which limit, why in plain words, and until when. */
export class AuthorizeReplyV1 {
  @IsBoolean() allowed!: boolean;
  @IsOptional() @IsUUID() reservationId?: string;
  @IsOptional() @IsIn(BUDGET_LIMITS) limit?: BudgetLimit;
  @IsOptional() @IsString() reason?: string;
  @IsOptional() @IsISO8601() retryAt?: string;
  /** On a `day` or `period` refusal: what the run's project will cost by the period's end at the current pace. */
  @IsOptional() @IsInt() @Min(0) forecastMicrodollars?: number;
}

/** A run that ends (cancelled, failed, completed) gives back what it still holds. */
export class ReleaseReservationsRequestV1 {
  @IsUUID() runId!: string;
  @IsString() @Length(1, 200) ownerId!: string;
}

export class ReleaseReservationsReplyV1 {
  @IsInt() @Min(0) released!: number;
}

/** The scheduler's sweep: reservations whose call never settled within `time.reservationTtlMs`. */
export class ExpireReservationsRequestV1 {}

export class ExpireReservationsReplyV1 {
  @IsInt() @Min(0) released!: number;
}

/** The founder said `continue` at 80% of the period budget: not asked again this period. */
export class ConfirmBudgetRequestV1 {
  @IsString() @Length(1, 200) ownerId!: string;
}

export class ConfirmBudgetReplyV1 {
  @IsISO8601() periodEnd!: string;
}

export class PlanRequestV1 {
  @IsString() @Length(1, 200) ownerId!: string;
}

export class PlanReplyV1 {
  @IsString() tier!: string;
  @IsString() model!: string;
}

export class RunCostRequestV1 {
  @IsUUID() runId!: string;
  /** The run's founder: billing sums a run's ledger rows under its owner. */
  @IsString() @Length(1, 200) ownerId!: string;
}

export class RunCostReplyV1 {
  @IsUUID() runId!: string;
  @IsInt() @Min(0) costMicrodollars!: number;
}

export class UsageRequestV1 {
  @IsString() @Length(1, 200) ownerId!: string;
}

export class ProjectSpendV1 {
  @IsUUID() projectId!: string;
  @IsInt() @Min(0) spentMicrodollars!: number;
}

/** GET /v1/usage, as the founder reads it. */
export class UsageReplyV1 {
  @IsString() tier!: string;
  @IsString() model!: string;
  @IsISO8601() periodStart!: string;
  @IsISO8601() periodEnd!: string;
  @IsInt() @Min(0) budgetMicrodollars!: number;
  @IsInt() @Min(0) spentMicrodollars!: number;
  @IsInt() @Min(0) todayAllowanceMicrodollars!: number;
  @IsInt() @Min(0) spentTodayMicrodollars!: number;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ProjectSpendV1) projects!: ProjectSpendV1[];
}

export const BillingAuthorize = rpc('billing.authorize', AuthorizeRequestV1, AuthorizeReplyV1);
export const BillingReleaseReservations = rpc('billing.release', ReleaseReservationsRequestV1, ReleaseReservationsReplyV1);
export const BillingExpireReservations = rpc('billing.expire', ExpireReservationsRequestV1, ExpireReservationsReplyV1);
export const BillingConfirmBudget = rpc('billing.confirm-budget', ConfirmBudgetRequestV1, ConfirmBudgetReplyV1);
export const BillingPlan = rpc('billing.plan', PlanRequestV1, PlanReplyV1);
export const BillingRunCost = rpc('billing.run-cost', RunCostRequestV1, RunCostReplyV1);
export const BillingUsage = rpc('billing.usage', UsageRequestV1, UsageReplyV1);
