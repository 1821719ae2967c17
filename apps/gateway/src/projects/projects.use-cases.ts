import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsString, Length } from 'class-validator';
import { Founder } from '@cofounder/auth';
import { Clock } from '@cofounder/config';
import { decode } from '@cofounder/contracts';
import { ProjectEntity } from './project.entity';
import { ProjectRepository } from './project.repository';

export class CreateProjectBody {
  @IsString() @Length(1, 200) name!: string;
}

export interface ProjectView {
  id: string;
  name: string;
  createdAt: string;
}

const view = (p: ProjectEntity): ProjectView => ({ id: p.id, name: p.name, createdAt: p.createdAt.toISOString() });

@Injectable()
export class ProjectsUseCases {
  constructor(private readonly projects: ProjectRepository, private readonly clock: Clock) {}

  async create(founder: Founder, body: unknown): Promise<ProjectView> {
    const { name } = decode(CreateProjectBody, body);
    const project: ProjectEntity = { id: randomUUID(), ownerId: founder.id, name, createdAt: this.clock.now() };
    await this.projects.insert(project);
    return view(project);
  }

  async list(founder: Founder): Promise<{ items: ProjectView[] }> {
    return { items: (await this.projects.listOwned(founder.id)).map(view) };
  }
}
