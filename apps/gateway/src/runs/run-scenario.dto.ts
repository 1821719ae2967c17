import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RunScenarioV1, ScenarioBlockV1 } from '@cofounder/contracts';
import type { AllTrue, SameShape } from '../docs/same-shape';

export class ScenarioUsageDto {
  @ApiProperty({ type: 'integer' }) input_tokens!: number;
  @ApiProperty({ type: 'integer' }) output_tokens!: number;
  @ApiProperty({ type: 'integer' }) cache_creation_input_tokens!: number;
  @ApiProperty({ type: 'integer' }) cache_read_input_tokens!: number;
}

/** One model reply of the run, as the simulator plays it. */
export class ScenarioStepDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'The reply\'s blocks: `text {text}`, `tool_use {name, input}` (no id: the simulator makes it), `thinking {thinking, signature}`, `redacted_thinking {data}`',
    example: [{ type: 'text', text: 'Let me run the tests.' }, { type: 'tool_use', name: 'bash', input: { command: 'npm test' } }],
  })
  content!: ScenarioBlockV1[];

  @ApiPropertyOptional({ example: 'tool_use', description: 'The reply\'s stop reason, when it had one' }) stop_reason?: string;
  @ApiProperty({ type: ScenarioUsageDto, description: 'The usage the model reported for it' }) usage!: ScenarioUsageDto;
}

/** GET /v1/runs/:runId/scenario: a model-simulator scenario file. */
export class RunScenarioDto {
  @ApiProperty({ example: 'replay-5a8f0c1e-0d7b-4f2a-9c3e-1b2d3e4f5a6b', description: 'Start a run with `[scenario:<name>]` in its goal to replay it' })
  name!: string;

  @ApiProperty({ type: 'integer', description: 'The run\'s context window, in tokens' }) contextWindow!: number;
  @ApiProperty({ enum: [false] }) repeatLast!: false;
  @ApiProperty({ type: [ScenarioStepDto], description: 'Every turn\'s reply, in order; errors and compactions are not replies' })
  steps!: ScenarioStepDto[];
}

// Checked by the compiler: this DTO is what the route sends.
type Checked = AllTrue<[SameShape<RunScenarioDto, RunScenarioV1>]>;
