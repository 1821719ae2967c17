import { Type } from 'class-transformer';
import {
  IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, ValidateNested,
} from 'class-validator';

export const ESCALATION_KINDS = ['repetition', 'retries', 'stuck', 'tool_call_cap', 'refusal', 'budget', 'model_error'] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];

export const ESCALATION_ACTIONS = ['retry', 'skip', 'guide', 'continue', 'stop'] as const;
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];

/** One thing the agent tried, in plain words, for the founder deciding what to do next. */
export class EscalationAttemptV1 {
  @IsString() tool!: string;
  @IsString() summary!: string;
  @IsString() error!: string;
}

export class EscalationV1 {
  @IsUUID() id!: string;
  @IsIn(ESCALATION_KINDS) kind!: EscalationKind;
  @IsString() reason!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => EscalationAttemptV1) attempts!: EscalationAttemptV1[];
  @IsArray() @IsIn(ESCALATION_ACTIONS, { each: true }) options!: EscalationAction[];
  @IsISO8601() createdAt!: string;
}

/** The founder's answer, as the gateway receives it (POST /v1/runs/:id/escalation). */
export class EscalationAnswerV1 {
  @IsIn(ESCALATION_ACTIONS) action!: EscalationAction;
  @IsOptional() @IsString() @Length(1, 5000) guidance?: string;
}
