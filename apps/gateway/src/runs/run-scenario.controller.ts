import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthGuard, CurrentFounder, Founder } from '@cofounder/auth';
import type { RunScenarioV1 } from '@cofounder/contracts';
import { ApiErrors } from '../docs/api-errors.decorator';
import { ExportRunScenarioUseCase } from './export-run-scenario.use-case';
import { RunScenarioDto } from './run-scenario.dto';

@Controller('v1')
@UseGuards(AuthGuard)
@ApiTags('runs')
@ApiBearerAuth('bearer')
export class RunScenarioController {
  constructor(private readonly exportScenario: ExportRunScenarioUseCase) {}

  @Get('runs/:runId/scenario')
  @ApiOkResponse({ type: RunScenarioDto, description: 'The run\'s model replies as a simulator scenario file, sent as an attachment `<name>.json`' })
  @ApiErrors(401, 404, 409, 503)
  async export(@CurrentFounder() founder: Founder, @Param('runId') runId: string, @Res({ passthrough: true }) res: Response): Promise<RunScenarioV1> {
    const scenario = await this.exportScenario.execute(founder, runId);
    res.attachment(`${scenario.name}.json`);
    return scenario;
  }
}
