import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CofounderConfig } from '@cofounder/config';
import { RunStartV1, Streams, Subjects } from '@cofounder/contracts';
import { JetStreamContext, settleFailure } from '@cofounder/messaging';
import { StartRunUseCase } from './start-run.use-case';

@Controller()
export class RunCommandsController {
  constructor(private readonly startRun: StartRunUseCase, private readonly config: CofounderConfig) {}

  @EventPattern(Subjects.runCommand('start'), { stream: Streams.RUNS, durable: 'orchestrator-start', payload: RunStartV1 })
  async start(@Payload() command: RunStartV1, @Ctx() ctx: JetStreamContext): Promise<void> {
    try {
      await this.startRun.execute(command);
    } catch (err) {
      // The command will not come again: the founder sees a failed run with a reason, not one queued forever.
      if (settleFailure(err, ctx.attempt, this.config.limits.maxDeliver).kind !== 'term') throw err;
      await this.startRun.refuse(command, 'The run could not be started; try again shortly.');
    }
  }
}
