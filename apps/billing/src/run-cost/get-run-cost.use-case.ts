import { Injectable } from '@nestjs/common';
import { RunCostReplyV1, RunCostRequestV1 } from '@cofounder/contracts';
import { founderOf } from '../founders/founder-id';
import { LedgerRepository } from '../ledger/ledger.repository';

/** What a run has cost so far, for the founder's view of the run. */
@Injectable()
export class GetRunCostUseCase {
  constructor(private readonly ledger: LedgerRepository) {}

  async execute(req: RunCostRequestV1): Promise<RunCostReplyV1> {
    const { costMicrodollars } = await this.ledger.runTotals(founderOf(req), req.runId);
    return { runId: req.runId, costMicrodollars };
  }
}
