import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { Conflict, NotFound, RunCancelV1 } from '@cofounder/contracts';
import { ControlRunUseCase } from '../control-run.use-case';
import { RunStore } from '../ports';

/**
 * A cancel that came before the run's start: the run is recorded (as its start would) and
 * cancelled at once, so the start, whenever it comes, finds it ended and does nothing. A run
 * started meanwhile is cancelled as any other; one already ended stays as it is.
 */
@Injectable()
export class CancelBeforeStartUseCase {
  private readonly log = new Logger(CancelBeforeStartUseCase.name);

  constructor(private readonly store: RunStore, private readonly control: ControlRunUseCase, private readonly clock: Clock) {}

  async execute(command: RunCancelV1): Promise<void> {
    if (!(await this.store.find(command.runId))) {
      await this.store.create({
        id: command.runId, projectId: command.projectId, ownerId: command.ownerId, goal: command.goal,
        verbose: command.verbose, model: 'unassigned', tier: 'unassigned',
      }, this.clock.now());
    }
    try {
      await this.control.execute({ runId: command.runId, ownerId: command.ownerId, action: 'cancel' });
    } catch (err) {
      // Ended already (twice cancelled, or it completed first): nothing to do, and nothing to retry.
      if (!(err instanceof Conflict) && !(err instanceof NotFound)) throw err;
      this.log.log({ msg: 'cancel before start found nothing to cancel', runId: command.runId, reason: err.message });
    }
  }
}
