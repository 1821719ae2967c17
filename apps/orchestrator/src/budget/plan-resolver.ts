import { Injectable } from '@nestjs/common';
import { BillingPlan, PlanReplyV1 } from '@cofounder/contracts';
import { RpcClient } from '@cofounder/messaging';

/** Asks billing which tier (and so which model) a founder is on. */
@Injectable()
export class PlanResolver {
  constructor(private readonly rpc: RpcClient) {}

  resolve(ownerId: string): Promise<PlanReplyV1> {
    return this.rpc.request(BillingPlan, { ownerId });
  }
}
