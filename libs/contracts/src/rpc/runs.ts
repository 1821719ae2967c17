import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { EscalationAnswerV1, EscalationV1 } from '../escalation';
import { RUN_STATUSES, RunStatus } from '../run-status';
import { rpc } from './rpc';

export class RunGetRequestV1 {
  @IsUUID() runId!: string;
}

/** The orchestrator's view of a run; the gateway adds the cost and answers the founder. */
export class RunViewV1 {
  @IsUUID() id!: string;
  @IsUUID() projectId!: string;
  @IsString() ownerId!: string;
  @IsIn(RUN_STATUSES) status!: RunStatus;
  @IsOptional() @IsString() reason!: string | null;
  @IsString() goal!: string;
  @IsOptional() @IsString() model!: string | null;
  @IsInt() @Min(0) toolCalls!: number;
  @IsOptional() @IsISO8601() sleepingUntil!: string | null;
  @IsOptional() @ValidateNested() @Type(() => EscalationV1) escalation!: EscalationV1 | null;
  @IsISO8601() createdAt!: string;
  @IsISO8601() updatedAt!: string;
}

/** The founder's answer to an open escalation; refused with `conflict` when the run is not waiting for it. */
export class RunRespondRequestV1 extends EscalationAnswerV1 {
  @IsUUID() runId!: string;
  @IsString() @Length(1, 200) ownerId!: string;
}

export class RunRespondReplyV1 {
  @IsIn(RUN_STATUSES) status!: RunStatus;
}

export const RUN_CONTROLS = ['pause', 'resume', 'cancel'] as const;
export type RunControl = (typeof RUN_CONTROLS)[number];

/** The founder's brakes; refused with `conflict` when the run's status forbids the action. */
export class RunControlRequestV1 {
  @IsUUID() runId!: string;
  @IsString() @Length(1, 200) ownerId!: string;
  @IsIn(RUN_CONTROLS) action!: RunControl;
}

export const RunsGet = rpc('runs.get', RunGetRequestV1, RunViewV1);
export const RunsControl = rpc('runs.control', RunControlRequestV1, RunRespondReplyV1);
export const RunsRespond = rpc('runs.respond', RunRespondRequestV1, RunRespondReplyV1);

/** The scheduler's reaper: runs `running` with no step in flight for `time.leaseMs` get their step again. */
export class RunsReapRequestV1 {}

export class RunsReapReplyV1 {
  @IsArray() @IsUUID('all', { each: true }) reaped!: string[];
}

export const RunsReap = rpc('runs.reap', RunsReapRequestV1, RunsReapReplyV1);
