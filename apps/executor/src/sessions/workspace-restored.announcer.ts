import { Injectable } from '@nestjs/common';
import { RunEventPublisher } from '@cofounder/messaging';
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
  constructor(private readonly events: RunEventPublisher) {}

  /** Keyed by the new awake period, so a retried announcement shows once. */
  async announce(run: OwnedRun, sessionId: string, snapshotTakenAt: Date | null): Promise<void> {
    await this.events.publish(run.runId, `sandbox-restored:${sessionId}`, {
      type: 'sandbox.restored', summary: describe(snapshotTakenAt), snapshotTakenAt: snapshotTakenAt?.toISOString() ?? null,
    });
  }
}
