import { Injectable } from '@nestjs/common';
import { ModelBusyListener } from '../ports';
import { OutageNotice } from './outage-notice';

/**
 * Tells the founder that the model is refusing calls for now and when it is tried next: a line
 * in the run's stream, not a question, as the run goes on by itself once the model answers.
 */
@Injectable()
export class ModelBusyNotice extends ModelBusyListener {
  constructor(private readonly notice: OutageNotice) {
    super();
  }

  busy(runId: string, retryAt: Date): Promise<void> {
    return this.notice.tell(runId, `model-busy:${retryAt.getTime()}`, busyReason(retryAt));
  }
}

/** "The model is busy; trying again at 14:03:27 UTC." */
export function busyReason(retryAt: Date): string {
  return `The model is busy; trying again at ${retryAt.toISOString().slice(11, 19)} UTC.`;
}
