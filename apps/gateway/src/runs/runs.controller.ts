import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentFounder, Founder } from '@cofounder/auth';
import { RunsUseCases, RunView } from './runs.use-cases';

@Controller('v1')
@UseGuards(AuthGuard)
export class RunsController {
  constructor(private readonly runs: RunsUseCases) {}

  @Post('projects/:projectId/runs')
  @HttpCode(202)
  start(@CurrentFounder() founder: Founder, @Param('projectId') projectId: string, @Body() body: unknown) {
    return this.runs.start(founder, projectId, body);
  }

  @Get('projects/:projectId/runs')
  list(@CurrentFounder() founder: Founder, @Param('projectId') projectId: string): Promise<{ items: RunView[] }> {
    return this.runs.listForProject(founder, projectId);
  }

  @Post('runs/:runId/escalation')
  @HttpCode(202)
  answerEscalation(@CurrentFounder() founder: Founder, @Param('runId') runId: string, @Body() body: unknown) {
    return this.runs.answerEscalation(founder, runId, body);
  }

  @Post('runs/:runId/pause')
  @HttpCode(202)
  pause(@CurrentFounder() founder: Founder, @Param('runId') runId: string) {
    return this.runs.control(founder, runId, 'pause');
  }

  @Post('runs/:runId/resume')
  @HttpCode(202)
  resume(@CurrentFounder() founder: Founder, @Param('runId') runId: string) {
    return this.runs.control(founder, runId, 'resume');
  }

  @Post('runs/:runId/cancel')
  @HttpCode(202)
  cancel(@CurrentFounder() founder: Founder, @Param('runId') runId: string) {
    return this.runs.control(founder, runId, 'cancel');
  }

  @Get('runs/:runId')
  get(@CurrentFounder() founder: Founder, @Param('runId') runId: string): Promise<RunView> {
    return this.runs.get(founder, runId);
  }
}
