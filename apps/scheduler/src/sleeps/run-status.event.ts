import { Equals, IsIn, IsISO8601, IsNumber, IsOptional, IsString, IsUUID } from 'class-validator';
import { RUN_STATUSES, RunEvent, RunStatus } from '@cofounder/contracts';

type RunStatusEvent = Extract<RunEvent, { type: 'run.status' }>;

/**
 * A `run.status` event as RunEventPublisher puts it on EVENTS, decoded before the handler
 * runs. Every field of the contract is declared: the transport refuses unknown ones.
 */
export class RunStatusEventV1 implements RunStatusEvent {
  @Equals('run.status') type!: 'run.status';
  @IsUUID() runId!: string;
  @IsISO8601() at!: string;
  @IsIn(RUN_STATUSES) status!: RunStatus;
  @IsOptional() @IsString() reason?: string;
  @IsOptional() @IsISO8601() wakeAt?: string;
  @IsOptional() @IsNumber() forecastMicrodollars?: number;
}
