import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RunRegistrationEntity } from './run-registration.entity';

@Injectable()
export class RunRegistrationRepository {
  constructor(@InjectRepository(RunRegistrationEntity) private readonly runs: Repository<RunRegistrationEntity>) {}

  async insert(run: RunRegistrationEntity): Promise<void> {
    await this.runs.insert(run);
  }

  async delete(id: string): Promise<void> {
    await this.runs.delete({ id });
  }

  findOwned(id: string, ownerId: string): Promise<RunRegistrationEntity | null> {
    return this.runs.findOneBy({ id, ownerId });
  }

  /** The project's runs, newest first, at most `limit`. */
  listOwnedByProject(projectId: string, ownerId: string, limit: number): Promise<RunRegistrationEntity[]> {
    return this.runs.find({ where: { projectId, ownerId }, order: { createdAt: 'DESC', id: 'ASC' }, take: limit });
  }
}
