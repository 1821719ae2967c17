import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Min } from 'class-validator';
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
  @IsISO8601() createdAt!: string;
  @IsISO8601() updatedAt!: string;
}

export const RunsGet = rpc('runs.get', RunGetRequestV1, RunViewV1);
