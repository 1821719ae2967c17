import { IsBoolean, IsOptional, IsString, IsUUID, Length } from 'class-validator';

/** run.cmd.start — the gateway asks the orchestrator to begin a run. v1: fields may be added. */
export class RunStartV1 {
  @IsUUID() runId!: string;
  @IsUUID() projectId!: string;
  @IsString() @Length(1, 200) ownerId!: string;
  @IsString() @Length(1, 20000) goal!: string;
  @IsOptional() @IsBoolean() verbose?: boolean;
}
