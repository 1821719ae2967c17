import { Injectable } from '@nestjs/common';
import { stepMessageId, Subjects } from '@cofounder/contracts';
import { JetStreamPublisher } from '@cofounder/messaging';
import { StepQueue } from './ports';

@Injectable()
export class NatsStepQueue extends StepQueue {
  constructor(private readonly publisher: JetStreamPublisher) {
    super();
  }

  async enqueue(runId: string, turn: number, resumeKey?: string): Promise<void> {
    const step = { runId, turn };
    const id = resumeKey ? `${stepMessageId(step)}:${resumeKey}` : stepMessageId(step);
    await this.publisher.publish(Subjects.runStep(runId), step, id);
  }
}
