import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Min, ValidateNested } from 'class-validator';
import { ESCALATION_ACTIONS, ESCALATION_KINDS, EscalationAction, EscalationAttemptV1, EscalationKind, RUN_STATUSES, RunStatus } from '@cofounder/contracts';

/**
 * The events of a run that the founder's view is kept from, as RunEventPublisher puts them on
 * EVENTS. Each is decoded as a message from another of our services: fields it does not name
 * are dropped, so a publisher one version ahead is still understood.
 */
export class RunEventEnvelope {
  @IsString() type!: string;
  @IsUUID() runId!: string;
  @IsISO8601() at!: string;
}

export class RunStatusPayload {
  @IsIn(RUN_STATUSES) status!: RunStatus;
  @IsOptional() @IsString() reason?: string;
  @IsOptional() @IsISO8601() wakeAt?: string;
  @IsOptional() @IsString() model?: string;
}

export class EscalationRequiredPayload {
  @IsUUID() escalationId!: string;
  @IsIn(ESCALATION_KINDS) kind!: EscalationKind;
  @IsString() reason!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => EscalationAttemptV1) attempts!: EscalationAttemptV1[];
  @IsArray() @IsIn(ESCALATION_ACTIONS, { each: true }) options!: EscalationAction[];
}

export class ToolCompletedPayload {
  @IsString() toolUseId!: string;
}

export class BudgetUpdatedPayload {
  /** Absent from a billing older than this field: such an event tells the run's view nothing. */
  @IsOptional() @IsInt() @Min(0) runCostMicrodollars?: number;
  /** The run's input tokens by kind, from the same ledger read; absent from a billing older than these fields. */
  @IsOptional() @IsInt() @Min(0) runInputTokens?: number;
  @IsOptional() @IsInt() @Min(0) runCacheCreationInputTokens?: number;
  @IsOptional() @IsInt() @Min(0) runCacheReadInputTokens?: number;
}

export class RunFailedPayload {
  @IsString() reason!: string;
}
