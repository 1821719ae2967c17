import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ESCALATION_ACTIONS, EscalationAction, EscalationAnswerV1, RUN_STATUSES, RunStatus } from '@cofounder/contracts';
import type { AllTrue, SameShape } from '../docs/same-shape';
import type { CreateRunBody, RunsUseCases } from './runs.use-cases';

/** POST /v1/projects/:projectId/runs's body, as CreateRunBody validates it. */
export class CreateRunRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 20000, example: 'Add a slug helper with tests' }) goal!: string;
  @ApiPropertyOptional({ description: 'The console\'s default for showing tool-level events; the stream\'s ?verbose decides' })
  verbose?: boolean;
}

export class RunQueuedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ enum: ['queued'] }) status!: 'queued';
}

/** POST /v1/runs/:runId/escalation's body, as EscalationAnswerV1 validates it. */
export class EscalationAnswerDto {
  @ApiProperty({ enum: ESCALATION_ACTIONS, description: 'One of the open escalation\'s options' }) action!: EscalationAction;
  @ApiPropertyOptional({ minLength: 1, maxLength: 5000, description: 'For `guide`: what the agent should do' }) guidance?: string;
}

/** The run's status once an answer or a brake is taken. */
export class RunStatusDto {
  @ApiProperty({ enum: RUN_STATUSES }) status!: RunStatus;
}

// Checked by the compiler: these DTOs are what the routes decode and send.
type Checked = AllTrue<[
  SameShape<CreateRunRequestDto, CreateRunBody>,
  SameShape<RunQueuedDto, Awaited<ReturnType<RunsUseCases['start']>>>,
  SameShape<EscalationAnswerDto, EscalationAnswerV1>,
  SameShape<RunStatusDto, Awaited<ReturnType<RunsUseCases['control']>>>,
  SameShape<RunStatusDto, Awaited<ReturnType<RunsUseCases['answerEscalation']>>>,
]>;
