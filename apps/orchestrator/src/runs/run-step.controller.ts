import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CofounderConfig } from '@cofounder/config';
import { Filters, RunStepV1, Streams } from '@cofounder/contracts';
import { isInfrastructureOutage, JetStreamContext, outageDependency, RetryLater, settleFailure } from '@cofounder/messaging';
import { OrchestratorMetrics } from '../metrics/orchestrator-metrics';
import { OutageNotice } from './outages/outage-notice';
import { RunStepUseCase } from './run-step.use-case';
import { StepLease } from './step-lease/step-lease';

/**
 * Takes a run's step under its lease. An outage (billing, the executor, the database, NATS) is
 * waited out however long it lasts, the founder told once it lasts; only a failure of the step's
 * own, on its last try, ends the run.
 */
@Controller()
export class RunStepController {
  private readonly log = new Logger(RunStepController.name);

  constructor(
    private readonly runStep: RunStepUseCase,
    private readonly lease: StepLease,
    private readonly outage: OutageNotice,
    private readonly config: CofounderConfig,
    private readonly metrics: OrchestratorMetrics,
  ) {}

  @EventPattern(Filters.runSteps, { stream: Streams.RUNS, durable: 'orchestrator-steps', payload: RunStepV1 })
  async handle(@Payload() step: RunStepV1, @Ctx() ctx: JetStreamContext): Promise<void> {
    try {
      await this.lease.hold(step.runId, { seq: ctx.message.seq, deliveryCount: ctx.deliveryCount },
        () => this.metrics.timeStep(() => this.runStep.execute(step), (err) => (isInfrastructureOutage(err) ? 'outage' : 'failed')));
    } catch (err) {
      if (err instanceof RetryLater) throw err;
      const dependency = outageDependency(err);
      if (dependency) {
        await this.outage.waitingFor(step, dependency, ctx.deliveryCount);
        throw err;
      }
      // When this message will not come again, end the run with a reason rather than leave it `running`:
      // if even that fails, the reaper gives the run its step again.
      if (settleFailure(err, ctx.attempt, this.config.limits.maxDeliver).kind === 'term') {
        this.log.error({ msg: 'step failed for the last time', runId: step.runId, turn: step.turn, error: String(err) });
        await this.runStep.failRun(step.runId, 'An internal error stopped the run; our team has the details.');
        return;
      }
      throw err;
    }
  }
}
