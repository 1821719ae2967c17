import type { RunEventBody, RunStatus } from '@cofounder/contracts';
import type { ModelReply } from '../agent-loop/model-reply';
import type { RunRecord } from './records';

export abstract class RunEvents {
  /** `key` makes the event's id: publishing the same key twice shows the event once. */
  abstract publish(runId: string, key: string, event: RunEventBody): Promise<void>;
}

export abstract class StepQueue {
  /** `resumeKey` makes a fresh message id when a turn is queued again after the founder answered. */
  abstract enqueue(runId: string, turn: number, resumeKey?: string): Promise<void>;
}

export abstract class UsageReporter {
  /** `reservationId`: the reservation this call's usage settles. */
  abstract report(run: RunRecord, reply: ModelReply, model: string, now: Date, reservationId?: string): Promise<void>;
}

export abstract class RunStateMirror {
  /** Keeps the small hot copy of a run's status (KV) in step with the checkpoint. */
  abstract update(run: Pick<RunRecord, 'id' | 'ownerId'>, status: RunStatus, now: Date): Promise<void>;
}
