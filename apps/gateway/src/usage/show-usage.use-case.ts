import { Injectable } from '@nestjs/common';
import { Founder } from '@cofounder/auth';
import { BillingUsage, UsageReplyV1 } from '@cofounder/contracts';
import { RpcClient } from '@cofounder/messaging';

/**
 * GET /v1/usage: billing alone knows the ledger, so the gateway asks it for the caller's figures,
 * and shows them as its contract has them (a field billing adds later is dropped on the way in).
 * Billing not answering is Unavailable, which the errors filter answers 503 without naming a
 * host or a stack.
 */
@Injectable()
export class ShowUsageUseCase {
  constructor(private readonly rpc: RpcClient) {}

  execute(founder: Founder): Promise<UsageReplyV1> {
    return this.rpc.request(BillingUsage, { ownerId: founder.id });
  }
}
