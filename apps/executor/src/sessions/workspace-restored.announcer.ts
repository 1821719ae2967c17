import { Injectable } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { RunEventBody, Subjects } from '@cofounder/contracts';
import { JetStreamPublisher } from '@cofounder/messaging';
import { redactDeep } from '@cofounder/observability';
import type { OwnedRun } from '../registry/sandbox-registry.repository';

function describe(takenAt: Date | null): string {
  if (!takenAt) {
    return 'The project\'s files were missing when the agent came back, and no snapshot had been taken yet: '
      + 'the agent starts again from an empty workspace.';
  }
  const when = `${takenAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `The project's files were missing when the agent came back, so they were restored from the snapshot taken at ${when}. `
    + 'Changes made after that moment are lost; the agent will check its work and carry on.';
}

/** Tells the founder, in the run's own event stream, that the workspace came back from a snapshot. */
@Injectable()
export class WorkspaceRestoredAnnouncer {
  constructor(private readonly publisher: JetStreamPublisher, private readonly clock: Clock) {}

  /** Keyed by the new awake period, so a retried announcement shows once. */
  async announce(run: OwnedRun, sessionId: string, snapshotTakenAt: Date | null): Promise<void> {
    const event: RunEventBody = { type: 'sandbox.restored', summary: describe(snapshotTakenAt), snapshotTakenAt: snapshotTakenAt?.toISOString() ?? null };
    const payload = redactDeep({ ...event, runId: run.runId, at: this.clock.now().toISOString() });
    await this.publisher.publish(Subjects.runEvent(run.runId, event.type), payload, `${run.runId}:sandbox-restored:${sessionId}`);
  }
}
