import { IsBoolean, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { rpc } from './rpc';

export class AuthorizeRequestV1 {
  @IsUUID() runId!: string;
  @IsString() @Length(1, 200) ownerId!: string;
  @IsString() model!: string;
  /** Worst case for this call: its input estimate plus the full output allowance. */
  @IsInt() @Min(0) estimatedCostMicrodollars!: number;
}

/** A refusal is an answer, not an error: it says why and until when. */
export class AuthorizeReplyV1 {
  @IsBoolean() allowed!: boolean;
  @IsOptional() @IsString() reason?: string;
  @IsOptional() @IsISO8601() retryAt?: string;
  @IsInt() @Min(0) spentMicrodollars!: number;
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
}

export class RunCostReplyV1 {
  @IsUUID() runId!: string;
  @IsInt() @Min(0) costMicrodollars!: number;
}

export const BillingAuthorize = rpc('billing.authorize', AuthorizeRequestV1, AuthorizeReplyV1);
export const BillingPlan = rpc('billing.plan', PlanRequestV1, PlanReplyV1);
export const BillingRunCost = rpc('billing.run-cost', RunCostRequestV1, RunCostReplyV1);
