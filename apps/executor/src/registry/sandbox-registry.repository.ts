import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { SandboxProviderName } from '../sandbox/sandbox-provider';
import { SandboxRecordEntity, SandboxStatus } from './sandbox-record.entity';

/** The run and its owner: every query of the registry takes both. */
export interface OwnedRun {
  runId: string;
  ownerId: string;
}

/** Only the key: callers pass requests and records that carry more. */
function key(run: OwnedRun): OwnedRun {
  return { runId: run.runId, ownerId: run.ownerId };
}

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
      .values({ runId, ownerId, provider, providerSandboxId: null, status: 'creating', sessionId: null })
      .orIgnore().execute();
    return this.find({ runId, ownerId });
  }

  find(run: OwnedRun): Promise<SandboxRecordEntity | null> {
    return this.records.findOneBy(key(run));
  }

  /**
   * Records the sandbox the provider made and its first awake period, unless another
   * instance recorded one first; returns the record as stored now, the winner's.
   */
  async attach(run: OwnedRun, providerSandboxId: string, sessionId: string): Promise<SandboxRecordEntity> {
    await this.records.update({ ...key(run), providerSandboxId: IsNull() }, { providerSandboxId, sessionId, status: 'active' });
    const record = await this.records.findOneByOrFail(key(run));
    if (!record.providerSandboxId) throw new Error(`sandbox of run ${run.runId} was not recorded`);
    return record;
  }

  /**
   * A new awake period, or a sandbox made anew: only from the session the caller checked, so
   * of two instances resuming at once one wins (false for the other, which reads again).
   */
  async startSession(run: OwnedRun, from: string | null, to: { providerSandboxId: string; sessionId: string }): Promise<boolean> {
    const { affected } = await this.records.update(
      { ...key(run), sessionId: from === null ? IsNull() : from },
      { ...to, status: 'active' },
    );
    return (affected ?? 0) > 0;
  }

  async setStatus(run: OwnedRun, status: Exclude<SandboxStatus, 'creating'>): Promise<void> {
    await this.records.update(key(run), { status });
  }
}
