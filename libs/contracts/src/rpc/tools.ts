import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { TOOL_NAMES, ToolName } from '../tools';
import { rpc } from './rpc';

export class ToolExecRequestV1 {
  @IsUUID() runId!: string;
  @IsString() @Length(1, 200) ownerId!: string;
  @IsString() @Length(1, 200) toolUseId!: string;
  @IsIn(TOOL_NAMES) tool!: ToolName;
  @IsObject() input!: Record<string, unknown>;
}

/** A failed tool is a result with isError, for the model to read; not an RPC error. */
export class ToolExecReplyV1 {
  @IsBoolean() isError!: boolean;
  @IsString() output!: string;
  @IsOptional() @IsInt() exitCode?: number;
  @IsInt() @Min(0) durationMs!: number;
}

export const ToolsExec = rpc('tools.exec', ToolExecRequestV1, ToolExecReplyV1);

/**
 * tool.progress.<runId> (core NATS, no reply): published by the executor every
 * `time.toolProgressMs` while a tools.exec call runs, so the caller knows the tool is alive.
 * At most once: a lost one is made up for by the next.
 */
export class ToolProgressV1 {
  @IsUUID() runId!: string;
  @IsString() @Length(1, 200) toolUseId!: string;
  /** Since the executor received the call. */
  @IsInt() @Min(0) elapsedMs!: number;
}
