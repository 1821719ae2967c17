import { IsInt, IsUUID, Min } from 'class-validator';

/** run.step.<runId> — one agent turn; published with msgID `<runId>:<turn>`. */
export class RunStepV1 {
  @IsUUID() runId!: string;
  @IsInt() @Min(1) turn!: number;
}

export function stepMessageId(step: RunStepV1): string {
  return `${step.runId}:${step.turn}`;
}
