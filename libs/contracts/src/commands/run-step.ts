import { IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';

/** run.step.<runId> — one agent turn; published with msgID `<runId>:<turn>[:<resumeKey>]`. */
export class RunStepV1 {
  @IsUUID() runId!: string;
  @IsInt() @Min(1) turn!: number;
  /** The step that goes on after a founder's answer (the escalation's id): a turn the run had left behind, taken up again. */
  @IsOptional() @IsString() @Length(1, 100) resumeKey?: string;
}

export function stepMessageId(step: RunStepV1): string {
  return step.resumeKey ? `${step.runId}:${step.turn}:${step.resumeKey}` : `${step.runId}:${step.turn}`;
}
