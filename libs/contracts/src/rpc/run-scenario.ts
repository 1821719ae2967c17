import { Type } from 'class-transformer';
import { Equals, IsArray, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Min, ValidateNested } from 'class-validator';
import { rpc } from './rpc';

/** The founder's own run, asked for by its owner: another founder's run is `not_found`. */
export class RunScenarioRequestV1 {
  @IsUUID() runId!: string;
  @IsString() @Length(1, 200) ownerId!: string;
}

/** A reply's block as the model simulator plays it; tool_use ids are the simulator's to make. */
export type ScenarioBlockV1 =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; name: string; input: Record<string, unknown> }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string };

export class ScenarioUsageV1 {
  @IsInt() @Min(0) input_tokens!: number;
  @IsInt() @Min(0) output_tokens!: number;
  @IsInt() @Min(0) cache_creation_input_tokens!: number;
  @IsInt() @Min(0) cache_read_input_tokens!: number;
}

/** One model reply of the run, in the simulator's step shape (snake_case, as the API spells it). */
export class ScenarioStepV1 {
  @IsArray() @IsObject({ each: true }) content!: ScenarioBlockV1[];
  @IsOptional() @IsString() stop_reason?: string;
  @ValidateNested() @Type(() => ScenarioUsageV1) usage!: ScenarioUsageV1;
}

/** A run's recorded model replies as a simulator scenario file: loaded into the simulator, a run replays them. */
export class RunScenarioV1 {
  @IsString() @Matches(/^[A-Za-z0-9_.-]+$/) name!: string;
  @IsInt() @Min(1) contextWindow!: number;
  @Equals(false) repeatLast!: false;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ScenarioStepV1) steps!: ScenarioStepV1[];
}

export const RunsScenario = rpc('runs.scenario', RunScenarioRequestV1, RunScenarioV1);
