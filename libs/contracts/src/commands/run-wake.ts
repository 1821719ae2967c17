import { IsISO8601, IsUUID } from 'class-validator';

/** run.cmd.wake — the scheduler's timer fired (or the founder resumed a sleeping run); msgID `wake:<runId>:<wakeAt>`. */
export class RunWakeV1 {
  @IsUUID() runId!: string;
  /** The wake time of the sleep this ends: a wake for an older sleep finds the run awake or asleep again, and is dropped. */
  @IsISO8601() wakeAt!: string;
}

export function wakeMessageId(wake: RunWakeV1): string {
  return `wake:${wake.runId}:${wake.wakeAt}`;
}
