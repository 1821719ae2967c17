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
    const step = resumeKey ? { runId, turn, resumeKey } : { runId, turn };
    await this.publisher.publish(Subjects.runStep(runId), step, stepMessageId(step));
  }
}
