import { Injectable } from '@nestjs/common';
import { BillingPlan } from '@cofounder/contracts';
import { RpcClient } from '@cofounder/messaging';
import { PinnedModel, PlanSource } from '../runs/ports';

/** Asks billing which tier (and so which model) a founder is on. */
@Injectable()
export class PlanResolver extends PlanSource {
  constructor(private readonly rpc: RpcClient) {
    super();
  }

  async resolve(ownerId: string): Promise<PinnedModel> {
    const plan = await this.rpc.request(BillingPlan, { ownerId });
    return { model: plan.model, tier: plan.tier };
  }
}
