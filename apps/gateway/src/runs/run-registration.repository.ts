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
}
