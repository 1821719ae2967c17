import { Injectable } from '@nestjs/common';
import { PlanReplyV1, PlanRequestV1 } from '@cofounder/contracts';
import { TierResolver } from './tier-resolver';

/** The founder's tier and the model it runs on, resolved again at each wake. */
@Injectable()
export class GetPlanUseCase {
  constructor(private readonly tiers: TierResolver) {}

  async execute(req: PlanRequestV1): Promise<PlanReplyV1> {
    const { name, tier } = await this.tiers.tierOf(req.ownerId);
    return { tier: name, model: tier.model };
  }
}
