import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentFounder, Founder } from '@cofounder/auth';
import { ProjectsUseCases, ProjectView } from './projects.use-cases';

@Controller('v1/projects')
@UseGuards(AuthGuard)
export class ProjectsController {
  constructor(private readonly projects: ProjectsUseCases) {}

  @Post()
  @HttpCode(201)
  create(@CurrentFounder() founder: Founder, @Body() body: unknown): Promise<ProjectView> {
    return this.projects.create(founder, body);
  }

  @Get()
  list(@CurrentFounder() founder: Founder): Promise<{ items: ProjectView[] }> {
    return this.projects.list(founder);
  }
}
