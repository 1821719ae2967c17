import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RunScenarioRequestV1, RunScenarioV1, RunsScenario } from '@cofounder/contracts';
import { ExportScenarioUseCase } from './export-scenario.use-case';

@Controller()
export class RunScenarioController {
  constructor(private readonly exportScenario: ExportScenarioUseCase) {}

  @MessagePattern(RunsScenario.subject, { payload: RunScenarioRequestV1 })
  export(@Payload() request: RunScenarioRequestV1): Promise<RunScenarioV1> {
    return this.exportScenario.execute(request);
  }
}
