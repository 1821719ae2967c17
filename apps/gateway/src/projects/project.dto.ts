import { ApiProperty } from '@nestjs/swagger';
import type { AllTrue, SameShape } from '../docs/same-shape';
import type { CreateProjectBody, ProjectsUseCases, ProjectView } from './projects.use-cases';

/** POST /v1/projects's body, as CreateProjectBody validates it. */
export class CreateProjectRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Blog' }) name!: string;
}

export class ProjectViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ProjectListDto {
  @ApiProperty({ type: [ProjectViewDto], description: 'The caller\'s projects, newest first' }) items!: ProjectViewDto[];
}

// Checked by the compiler: these DTOs are what the routes decode and send.
type Checked = AllTrue<[
  SameShape<CreateProjectRequestDto, CreateProjectBody>,
  SameShape<ProjectViewDto, ProjectView>,
  SameShape<ProjectListDto, Awaited<ReturnType<ProjectsUseCases['list']>>>,
]>;
