import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentFounder, Founder } from '@cofounder/auth';
import { ApiErrors } from '../docs/api-errors.decorator';
import { CreateProjectRequestDto, ProjectListDto, ProjectViewDto } from './project.dto';
import { ProjectsUseCases, ProjectView } from './projects.use-cases';

@Controller('v1/projects')
@UseGuards(AuthGuard)
@ApiTags('projects')
@ApiBearerAuth('bearer')
@ApiErrors(401, 503)
export class ProjectsController {
  constructor(private readonly projects: ProjectsUseCases) {}

  @Post()
  @HttpCode(201)
  @ApiBody({ type: CreateProjectRequestDto })
  @ApiCreatedResponse({ type: ProjectViewDto })
  @ApiErrors(400, 413)
  create(@CurrentFounder() founder: Founder, @Body() body: unknown): Promise<ProjectView> {
    return this.projects.create(founder, body);
  }

  @Get()
  @ApiOkResponse({ type: ProjectListDto })
  list(@CurrentFounder() founder: Founder): Promise<{ items: ProjectView[] }> {
    return this.projects.list(founder);
  }
}
