import { Injectable } from '@nestjs/common';
import { Subjects, UsageRecordedV1 } from '@cofounder/contracts';
import { JetStreamPublisher } from '@cofounder/messaging';
import { ModelReply } from '../runs/agent-loop/model-reply';
import { RunRecord, UsageReporter } from '../runs/ports';

/** usage.recorded with the model response id as msgID: billing's ledger is keyed on it too. */
@Injectable()
export class UsagePublisher extends UsageReporter {
  constructor(private readonly publisher: JetStreamPublisher) {
    super();
  }

  async report(run: RunRecord, reply: ModelReply, model: string, now: Date, reservationId?: string): Promise<void> {
    const usage: UsageRecordedV1 = {
      responseId: reply.responseId, runId: run.id, ownerId: run.ownerId, projectId: run.projectId, model,
      ...reply.usage, at: now.toISOString(), ...(reservationId ? { reservationId } : {}),
    };
    await this.publisher.publish(Subjects.usageRecorded, usage, reply.responseId);
  }
}
