import { IsBoolean, IsString, IsUUID, Length } from 'class-validator';

/**
 * run.cmd.cancel — the founder cancelled a run the orchestrator has not taken up yet (its start
 * command still waits): it carries what the start does, so the run can be recorded cancelled
 * whichever of the two the orchestrator takes first. msgID `cancel:<runId>`.
 */
export class RunCancelV1 {
  @IsUUID() runId!: string;
  @IsUUID() projectId!: string;
  @IsString() @Length(1, 200) ownerId!: string;
  @IsString() @Length(1, 20000) goal!: string;
  @IsBoolean() verbose!: boolean;
}

export function cancelMessageId(cancel: Pick<RunCancelV1, 'runId'>): string {
  return `cancel:${cancel.runId}`;
}
