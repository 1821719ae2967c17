import { Injectable } from '@nestjs/common';
import { BillingAuthorize } from '@cofounder/contracts';
import { RpcClient } from '@cofounder/messaging';
import { BudgetDecision, BudgetGate, RunRecord } from '../runs/ports';

@Injectable()
export class BillingBudgetGate extends BudgetGate {
  constructor(private readonly rpc: RpcClient) {
    super();
  }

  async authorize(run: RunRecord, estimatedCostMicrodollars: number): Promise<BudgetDecision> {
    const reply = await this.rpc.request(BillingAuthorize, {
      runId: run.id, ownerId: run.ownerId, model: run.model, estimatedCostMicrodollars,
    });
    return { allowed: reply.allowed, reason: reply.reason };
  }
}
