import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { SandboxProviderName } from '../sandbox/sandbox-provider';
import { SandboxRecordEntity } from './sandbox-record.entity';

/** The executor's table of sandboxes; every query takes the owner. */
@Injectable()
export class SandboxRegistry {
  constructor(@InjectRepository(SandboxRecordEntity) private readonly records: Repository<SandboxRecordEntity>) {}

  /**
   * Registers the run's sandbox on its first call (a repeat, or a race with another
   * instance, inserts nothing) and returns it only to its owner: for anyone else it is null,
   * exactly as for a run that does not exist.
   */
  async claim(runId: string, ownerId: string, provider: SandboxProviderName): Promise<SandboxRecordEntity | null> {
    await this.records.createQueryBuilder().insert().into(SandboxRecordEntity)
      .values({ runId, ownerId, provider, providerSandboxId: null, status: 'creating' })
      .orIgnore().execute();
    return this.records.findOneBy({ runId, ownerId });
  }

  /**
   * Records the sandbox the provider made, unless another instance recorded one first;
   * returns the id that is stored now, the winner's.
   */
  async attach(runId: string, ownerId: string, providerSandboxId: string): Promise<string> {
    await this.records.update({ runId, ownerId, providerSandboxId: IsNull() }, { providerSandboxId, status: 'active' });
    const record = await this.records.findOneByOrFail({ runId, ownerId });
    if (!record.providerSandboxId) throw new Error(`sandbox of run ${runId} was not recorded`);
    return record.providerSandboxId;
  }
}
