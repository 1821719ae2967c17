import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CofounderConfig } from '@cofounder/config';
import { RunWakeV1, Streams, Subjects } from '@cofounder/contracts';
import { JetStreamContext, settleFailure } from '@cofounder/messaging';
import { WakeRunUseCase } from './wake-run.use-case';

@Controller()
export class RunWakeController {
  constructor(private readonly wakeRun: WakeRunUseCase, private readonly config: CofounderConfig) {}

  @EventPattern(Subjects.runCommand('wake'), { stream: Streams.RUNS, durable: 'orchestrator-wake', payload: RunWakeV1 })
  async wake(@Payload() command: RunWakeV1, @Ctx() ctx: JetStreamContext): Promise<void> {
    try {
      await this.wakeRun.execute(command);
    } catch (err) {
      // The timer fired once and this command will not come again: wake on the model pinned before
      // (billing, which names the tier, did not answer) rather than leave the run asleep for good.
      if (settleFailure(err, ctx.attempt, this.config.limits.maxDeliver).kind !== 'term') throw err;
      await this.wakeRun.execute(command, { keepModel: true });
    }
  }
}
