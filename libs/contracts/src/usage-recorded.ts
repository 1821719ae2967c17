import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';

/** usage.recorded — after every model call; msgID = responseId, so a retry never bills twice. */
export class UsageRecordedV1 {
  @IsString() @Length(1, 200) responseId!: string;
  @IsUUID() runId!: string;
  @IsString() @Length(1, 200) ownerId!: string;
  @IsUUID() projectId!: string;
  @IsString() model!: string;
  @IsInt() @Min(0) inputTokens!: number;
  @IsInt() @Min(0) outputTokens!: number;
  @IsInt() @Min(0) cacheCreationInputTokens!: number;
  @IsInt() @Min(0) cacheReadInputTokens!: number;
  /** Of cacheCreationInputTokens, those written to the cache for an hour (priced higher); absent: none. */
  @IsOptional() @IsInt() @Min(0) cacheCreation1hInputTokens?: number;
  @IsISO8601() at!: string;
  /** The reservation this call settles; absent on a message from before reservations. */
  @IsOptional() @IsUUID() reservationId?: string;
}
