import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ProjectEntity } from './project.entity';

/** Every query takes the owner: a founder never reads another founder's projects. */
@Injectable()
export class ProjectRepository {
  constructor(@InjectRepository(ProjectEntity) private readonly projects: Repository<ProjectEntity>) {}

  async insert(project: ProjectEntity): Promise<void> {
    await this.projects.insert(project);
  }

  findOwned(id: string, ownerId: string): Promise<ProjectEntity | null> {
    return this.projects.findOneBy({ id, ownerId });
  }

  listOwned(ownerId: string): Promise<ProjectEntity[]> {
    return this.projects.find({ where: { ownerId }, order: { createdAt: 'DESC', id: 'DESC' }, take: 500 });
  }
}
