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

/**
 * What became of a call, asked by (runId, toolUseId) as often as the caller likes: the
 * executor runs each call once. A call that ran to the end, now or before, has no state:
 * its result is the one stored then.
 * - `interrupted`: the executor running it died before it finished (its processes died
 *   with it); the result says so, and it is final.
 * - `running`: another executor, alive, runs it; ask again after a progress interval.
 */
export const TOOL_CALL_STATES = ['interrupted', 'running'] as const;
export type ToolCallState = (typeof TOOL_CALL_STATES)[number];

/**
 * A failed tool is a result with isError, for the model to read; not an RPC error.
 * v1: `state` was added, and is left out for a finished call; a reader that predates it drops
 * it (messages between services drop unknown fields), and a `running` reply still carries a
 * readable error result.
 */
export class ToolExecReplyV1 {
  @IsBoolean() isError!: boolean;
  @IsString() output!: string;
  @IsOptional() @IsInt() exitCode?: number;
  @IsInt() @Min(0) durationMs!: number;
  @IsOptional() @IsIn(TOOL_CALL_STATES) state?: ToolCallState;
}

export const ToolsExec = rpc('tools.exec', ToolExecRequestV1, ToolExecReplyV1);

/**
 * Progress intervals (`time.toolProgressMs`) without a sign of life after which a tools.exec
 * call's executor is taken for dead: by the executor judging another's heartbeat, and by the
 * caller waiting for progress. One number, so both sides agree.
 */
export const TOOL_CALL_SILENT_INTERVALS = 3;

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
