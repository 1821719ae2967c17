import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { RunCancelV1, Streams, Subjects } from '@cofounder/contracts';
import { CancelBeforeStartUseCase } from './cancel-before-start.use-case';

@Controller()
export class RunCancelController {
  constructor(private readonly cancelBeforeStart: CancelBeforeStartUseCase) {}

  @EventPattern(Subjects.runCommand('cancel'), { stream: Streams.RUNS, durable: 'orchestrator-cancel', payload: RunCancelV1 })
  cancel(@Payload() command: RunCancelV1): Promise<void> {
    return this.cancelBeforeStart.execute(command);
  }
}
