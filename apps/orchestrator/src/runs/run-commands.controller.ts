import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { RunStartV1, Streams, Subjects } from '@cofounder/contracts';
import { StartRunUseCase } from './start-run.use-case';

@Controller()
export class RunCommandsController {
  constructor(private readonly startRun: StartRunUseCase) {}

  @EventPattern(Subjects.runCommand('start'), { stream: Streams.RUNS, durable: 'orchestrator-start', payload: RunStartV1 })
  start(@Payload() command: RunStartV1): Promise<void> {
    return this.startRun.execute(command);
  }
}
