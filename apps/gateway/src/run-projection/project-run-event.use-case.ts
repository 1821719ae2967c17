import { Injectable } from '@nestjs/common';
import { changeOf } from './run-change';
import { RunProjectionRepository } from './run-projection.repository';

/**
 * Keeps the founder's view of a run from one of its events. Any failure is thrown: the transport
 * then redelivers the event (an outage of PostgreSQL is waited out), and applying it again is harmless.
 */
@Injectable()
export class ProjectRunEventUseCase {
  constructor(private readonly projections: RunProjectionRepository) {}

  async execute(event: unknown, seq: number): Promise<void> {
    const change = changeOf(event, seq);
    if (change) await this.projections.apply(change);
  }
}
