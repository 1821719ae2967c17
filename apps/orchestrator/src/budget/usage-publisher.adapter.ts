import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import { Subjects, UsageRecordedV1 } from '@cofounder/contracts';
import { backoffMs, isInfrastructureOutage, JetStreamPublisher, OUTAGE_BACKOFF_MAX_MS } from '@cofounder/messaging';
import { ModelReply } from '../runs/agent-loop/model-reply';
import { RunRecord, UsageReporter } from '../runs/ports';

/**
 * usage.recorded with the model response id as msgID: billing's ledger is keyed on it too.
 * A NATS outage is waited out here, in place: until the reply is reported it lives only in this
 * step's memory (it is saved after), so a step given back would lose a call the provider has
 * already charged for, never bill it, and ask the model that turn again.
 */
@Injectable()
export class UsagePublisher extends UsageReporter {
  private readonly log = new Logger(UsagePublisher.name);

  constructor(private readonly publisher: JetStreamPublisher) {
    super();
  }

  async report(run: RunRecord, reply: ModelReply, model: string, now: Date, reservationId?: string): Promise<void> {
    const usage: UsageRecordedV1 = {
      responseId: reply.responseId, runId: run.id, ownerId: run.ownerId, projectId: run.projectId, model,
      ...reply.usage, at: now.toISOString(), ...(reservationId ? { reservationId } : {}),
    };
    const facts = { runId: run.id, responseId: reply.responseId };
    const since = Date.now();
    for (let attempt = 1; ; attempt += 1) {
      try {
        // The same msgID every time: a publish that reached the stream but lost its ack is dropped as a duplicate.
        await this.publisher.publish(Subjects.usageRecorded, usage, reply.responseId);
        if (attempt > 1) this.log.log({ msg: 'usage reported after an outage', ...facts, waitedMs: Date.now() - since });
        return;
      } catch (err) {
        if (!isInfrastructureOutage(err)) throw err;
        if (attempt === 1) this.log.warn({ msg: 'usage not reported; waiting for the message bus', ...facts, error: String(err) });
        await delay(backoffMs(attempt, OUTAGE_BACKOFF_MAX_MS));
      }
    }
  }
}
