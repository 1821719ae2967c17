import { ApiProperty } from '@nestjs/swagger';
import { ESCALATION_ACTIONS, ESCALATION_KINDS, EscalationAction, EscalationKind, RUN_STATUSES, RunStatus } from '@cofounder/contracts';
import type { AllTrue, SameShape } from '../docs/same-shape';
import type { RunsUseCases, RunView } from './runs.use-cases';

export class EscalationAttemptDto {
  @ApiProperty({ example: 'bash' }) tool!: string;
  @ApiProperty({ example: 'Running the test suite' }) summary!: string;
  @ApiProperty({ example: 'exit code 1: 2 tests failed' }) error!: string;
}

/** The open question to the founder. */
export class EscalationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ESCALATION_KINDS }) kind!: EscalationKind;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: [EscalationAttemptDto], description: 'What was tried and what failed' }) attempts!: EscalationAttemptDto[];
  @ApiProperty({ enum: ESCALATION_ACTIONS, isArray: true, description: 'The answers POST /v1/runs/:runId/escalation accepts' })
  options!: EscalationAction[];

  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** GET /v1/runs/:runId. */
export class RunViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ enum: RUN_STATUSES }) status!: RunStatus;
  @ApiProperty({ type: String, nullable: true, description: 'Why the run is in its status (failed, sleeping, awaiting input, cancelled)' })
  reason!: string | null;

  @ApiProperty() goal!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The model pinned for the run until its next sleep' }) model!: string | null;
  @ApiProperty({ type: 'integer', description: 'Tool calls executed' }) toolCalls!: number;
  @ApiProperty({ type: 'integer', description: 'What the run has cost so far (1 USD = 1,000,000)' }) costMicrodollars!: number;
  @ApiProperty({ type: 'integer', description: 'Input tokens of the run\'s model calls sent uncached' }) inputTokens!: number;
  @ApiProperty({ type: 'integer', description: 'Input tokens written to the prompt cache' }) cacheCreationInputTokens!: number;
  @ApiProperty({ type: 'integer', description: 'Input tokens read from the prompt cache (a tenth of the input price)' }) cacheReadInputTokens!: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'Share of all input tokens read from the cache; null before the first billed call' })
  cacheReadShare!: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'While sleeping: when it wakes' }) sleepingUntil!: string | null;
  @ApiProperty({ type: EscalationDto, nullable: true }) escalation!: EscalationDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class RunListDto {
  @ApiProperty({ type: [RunViewDto], description: 'The project\'s runs, newest first' }) items!: RunViewDto[];
}

// Checked by the compiler: these DTOs are what the routes send.
type Checked = AllTrue<[
  SameShape<RunViewDto, RunView>,
  SameShape<RunListDto, Awaited<ReturnType<RunsUseCases['listForProject']>>>,
]>;
