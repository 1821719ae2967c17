import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CofounderConfig } from '@cofounder/config';
import { Filters, RunStepV1, Streams } from '@cofounder/contracts';
import { JetStreamContext, settleFailure } from '@cofounder/messaging';
import { RunStepUseCase } from './run-step.use-case';

@Controller()
export class RunStepController {
  private readonly log = new Logger(RunStepController.name);

  constructor(private readonly runStep: RunStepUseCase, private readonly config: CofounderConfig) {}

  @EventPattern(Filters.runSteps, { stream: Streams.RUNS, durable: 'orchestrator-steps', payload: RunStepV1 })
  async handle(@Payload() step: RunStepV1, @Ctx() ctx: JetStreamContext): Promise<void> {
    try {
      await this.runStep.execute(step);
    } catch (err) {
      // When this message will not come again, end the run with a reason rather than leave it `running` forever.
      if (settleFailure(err, ctx.attempt, this.config.limits.maxDeliver).kind === 'term') {
        this.log.error({ msg: 'step failed for the last time', runId: step.runId, turn: step.turn, error: String(err) });
        await this.runStep.failRun(step.runId, 'An internal error stopped the run; our team has the details.');
        return;
      }
      throw err;
    }
  }
}
