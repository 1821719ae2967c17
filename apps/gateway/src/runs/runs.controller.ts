import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentFounder, Founder } from '@cofounder/auth';
import { ApiErrors } from '../docs/api-errors.decorator';
import { CreateRunRequestDto, EscalationAnswerDto, RunQueuedDto, RunStatusDto } from './run-requests.dto';
import { RunListDto, RunViewDto } from './run-view.dto';
import { RunsUseCases, RunView } from './runs.use-cases';

@Controller('v1')
@UseGuards(AuthGuard)
@ApiTags('runs')
@ApiBearerAuth('bearer')
@ApiErrors(401, 404, 503)
export class RunsController {
  constructor(private readonly runs: RunsUseCases) {}

  @Post('projects/:projectId/runs')
  @HttpCode(202)
  @ApiBody({ type: CreateRunRequestDto })
  @ApiAcceptedResponse({ type: RunQueuedDto })
  @ApiErrors(400, 413)
  start(@CurrentFounder() founder: Founder, @Param('projectId') projectId: string, @Body() body: unknown) {
    return this.runs.start(founder, projectId, body);
  }

  @Get('projects/:projectId/runs')
  @ApiOkResponse({ type: RunListDto })
  @ApiErrors(503)
  list(@CurrentFounder() founder: Founder, @Param('projectId') projectId: string): Promise<{ items: RunView[] }> {
    return this.runs.listForProject(founder, projectId);
  }

  @Post('runs/:runId/escalation')
  @HttpCode(202)
  @ApiBody({ type: EscalationAnswerDto })
  @ApiAcceptedResponse({ type: RunStatusDto })
  @ApiErrors(400, 409, 413, 503)
  answerEscalation(@CurrentFounder() founder: Founder, @Param('runId') runId: string, @Body() body: unknown) {
    return this.runs.answerEscalation(founder, runId, body);
  }

  @Post('runs/:runId/pause')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RunStatusDto })
  @ApiErrors(409, 503)
  pause(@CurrentFounder() founder: Founder, @Param('runId') runId: string) {
    return this.runs.control(founder, runId, 'pause');
  }

  @Post('runs/:runId/resume')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RunStatusDto })
  @ApiErrors(409, 503)
  resume(@CurrentFounder() founder: Founder, @Param('runId') runId: string) {
    return this.runs.control(founder, runId, 'resume');
  }

  @Post('runs/:runId/cancel')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RunStatusDto })
  @ApiErrors(409, 503)
  cancel(@CurrentFounder() founder: Founder, @Param('runId') runId: string) {
    return this.runs.control(founder, runId, 'cancel');
  }

  @Get('runs/:runId')
  @ApiOkResponse({ type: RunViewDto })
  @ApiErrors(503)
  get(@CurrentFounder() founder: Founder, @Param('runId') runId: string): Promise<RunView> {
    return this.runs.get(founder, runId);
  }
}
