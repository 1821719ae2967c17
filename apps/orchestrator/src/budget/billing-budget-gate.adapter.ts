import { Injectable } from '@nestjs/common';
import { BillingAuthorize, BillingConfirmBudget, BillingReleaseReservations } from '@cofounder/contracts';
import { RpcClient } from '@cofounder/messaging';
import { BudgetDecision, BudgetGate, CallEstimate, RunRecord } from '../runs/ports';

/** Billing over NATS: tokens go out, billing prices them; a refusal is an answer, silence is Unavailable. */
@Injectable()
export class BillingBudgetGate extends BudgetGate {
  constructor(private readonly rpc: RpcClient) {
    super();
  }

  authorize(run: RunRecord, call: CallEstimate): Promise<BudgetDecision> {
    return this.rpc.request(BillingAuthorize, {
      runId: run.id, ownerId: run.ownerId, projectId: run.projectId, model: run.model,
      estimatedInputTokens: call.estimatedInputTokens, maxOutputTokens: call.maxOutputTokens, awakeSince: run.awakeSince.toISOString(),
    });
  }

  async release(run: Pick<RunRecord, 'id' | 'ownerId'>): Promise<void> {
    await this.rpc.request(BillingReleaseReservations, { runId: run.id, ownerId: run.ownerId });
  }

  async confirmBudget(ownerId: string): Promise<void> {
    await this.rpc.request(BillingConfirmBudget, { ownerId });
  }
}
