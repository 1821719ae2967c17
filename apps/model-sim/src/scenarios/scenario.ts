import type { StopReason } from '@anthropic-ai/sdk/resources/messages';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Matches, Max, Min,
  ValidateIf, ValidateNested,
} from 'class-validator';

// A Record over the SDK's union: a stop reason the SDK adds and this list lacks breaks the build.
const STOP_REASON_SET: Record<StopReason, true> = {
  end_turn: true,
  max_tokens: true,
  stop_sequence: true,
  tool_use: true,
  pause_turn: true,
  refusal: true,
  model_context_window_exceeded: true,
};
export const STOP_REASONS = Object.keys(STOP_REASON_SET) as StopReason[];

export const DEFAULT_CONTEXT_WINDOW = 200_000;

export class ContentBlockSpec {
  @IsIn(['text', 'tool_use', 'thinking', 'redacted_thinking']) type!: 'text' | 'tool_use' | 'thinking' | 'redacted_thinking';
  @ValidateIf((b: ContentBlockSpec) => b.type === 'text') @IsString() text?: string;
  @ValidateIf((b: ContentBlockSpec) => b.type === 'tool_use') @IsString() @IsNotEmpty() name?: string;
  @ValidateIf((b: ContentBlockSpec) => b.type === 'tool_use') @IsObject() input?: Record<string, unknown>;
  @ValidateIf((b: ContentBlockSpec) => b.type === 'thinking') @IsString() thinking?: string;
  /** A thinking block's signature; without it the simulator signs the text itself. */
  @ValidateIf((b: ContentBlockSpec) => b.type === 'thinking' && b.signature !== undefined) @IsString() @IsNotEmpty() signature?: string;
  /** A redacted_thinking block's opaque payload. */
  @ValidateIf((b: ContentBlockSpec) => b.type === 'redacted_thinking') @IsString() @IsNotEmpty() data?: string;
}

export class UsageSpec {
  @IsOptional() @IsInt() @Min(0) input_tokens?: number;
  @IsOptional() @IsInt() @Min(0) output_tokens?: number;
  @IsOptional() @IsInt() @Min(0) cache_creation_input_tokens?: number;
  @IsOptional() @IsInt() @Min(0) cache_read_input_tokens?: number;
}

export class ErrorSpec {
  @IsInt() @Min(400) @Max(599) status!: number;
  /** The Anthropic error type, e.g. overloaded_error, rate_limit_error, api_error. */
  @IsString() @IsNotEmpty() type!: string;
  @IsString() message!: string;
  /** Sent as `retry-after` with any status; without it no status gets one (the API sends it only sometimes). */
  @IsOptional() @IsInt() @Min(0) retryAfterSeconds?: number;
  /** Sent as `retry-after-ms`, which the API adds beside `retry-after`. */
  @IsOptional() @IsInt() @Min(0) retryAfterMs?: number;
  /**
   * On a streaming call the answer starts (status 200, a first piece of text), then breaks off
   * with an `error` event carrying `type` and `message`, as the API does when it overloads
   * mid-answer. A call that does not stream gets the HTTP error instead.
   */
  @IsOptional() @IsBoolean() midStream?: boolean;
}

/** One model call: either content (a reply) or an error answered `times` times, or for `forMs` from its first answer. */
export class StepSpec {
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ContentBlockSpec) content?: ContentBlockSpec[];
  @IsOptional() @IsIn(STOP_REASONS) stop_reason?: StopReason;
  @IsOptional() @ValidateNested() @Type(() => UsageSpec) usage?: UsageSpec;
  @IsOptional() @ValidateNested() @Type(() => ErrorSpec) error?: ErrorSpec;
  @IsOptional() @IsInt() @Min(1) times?: number;
  /** An error step answered on every call until this long after its first answer: an overload of a given length. */
  @IsOptional() @IsInt() @Min(1) @Max(3_600_000) forMs?: number;
  @IsOptional() @IsInt() @Min(0) @Max(600_000) delayMs?: number;
}

export class ScenarioSpec {
  // The name is matched by `[scenario:NAME]` in a goal, so it holds no spaces or brackets.
  @IsString() @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'name must be letters, digits, ".", "_" or "-"' }) name!: string;
  @IsOptional() @IsInt() @Min(1) contextWindow?: number;
  @IsOptional() @IsBoolean() repeatLast?: boolean;
  @IsArray() @ArrayNotEmpty() @ValidateNested({ each: true }) @Type(() => StepSpec) steps!: StepSpec[];
}

/** A validated scenario with its defaults applied. */
export interface Scenario {
  readonly name: string;
  readonly contextWindow: number;
  readonly repeatLast: boolean;
  readonly steps: readonly StepSpec[];
  /** The file it came from, for messages about it. */
  readonly source: string;
}
