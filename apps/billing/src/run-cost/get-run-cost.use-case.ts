import { Injectable } from '@nestjs/common';
import { RunCostReplyV1, RunCostRequestV1 } from '@cofounder/contracts';
import { LedgerRepository } from '../ledger/ledger.repository';

/** What a run has cost so far, for the founder's view of the run. */
@Injectable()
export class GetRunCostUseCase {
  constructor(private readonly ledger: LedgerRepository) {}

  async execute(req: RunCostRequestV1): Promise<RunCostReplyV1> {
    return { runId: req.runId, costMicrodollars: await this.ledger.spentByRun(req.runId) };
  }
}
