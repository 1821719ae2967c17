import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AuthorizeReplyV1, AuthorizeRequestV1, BillingAuthorize, BillingConfirmBudget, BillingPlan, BillingRunCost, BillingUsage,
  ConfirmBudgetReplyV1, ConfirmBudgetRequestV1, PlanReplyV1, PlanRequestV1, RunCostReplyV1, RunCostRequestV1,
  UsageReplyV1, UsageRequestV1,
} from '@cofounder/contracts';
import type { RpcHandlerExtras } from '@cofounder/messaging';
import { AuthorizeCallUseCase } from './authorization/authorize-call.use-case';
import { ConfirmBudgetUseCase } from './budget/confirm-budget.use-case';
import { GetPlanUseCase } from './plans/get-plan.use-case';
import { GetRunCostUseCase } from './run-cost/get-run-cost.use-case';
import { GetUsageUseCase } from './usage-report/get-usage.use-case';

@Controller()
export class BillingController {
  constructor(
    private readonly authorizeCall: AuthorizeCallUseCase,
    private readonly confirmBudget: ConfirmBudgetUseCase,
    private readonly getPlan: GetPlanUseCase,
    private readonly getRunCost: GetRunCostUseCase,
    private readonly getUsage: GetUsageUseCase,
  ) {}

  @MessagePattern(BillingAuthorize.subject, { payload: AuthorizeRequestV1 } satisfies RpcHandlerExtras)
  authorize(@Payload() req: AuthorizeRequestV1): Promise<AuthorizeReplyV1> {
    return this.authorizeCall.execute(req);
  }

  @MessagePattern(BillingConfirmBudget.subject, { payload: ConfirmBudgetRequestV1 } satisfies RpcHandlerExtras)
  confirm(@Payload() req: ConfirmBudgetRequestV1): Promise<ConfirmBudgetReplyV1> {
    return this.confirmBudget.execute(req);
  }

  @MessagePattern(BillingPlan.subject, { payload: PlanRequestV1 } satisfies RpcHandlerExtras)
  plan(@Payload() req: PlanRequestV1): Promise<PlanReplyV1> {
    return this.getPlan.execute(req);
  }

  @MessagePattern(BillingRunCost.subject, { payload: RunCostRequestV1 } satisfies RpcHandlerExtras)
  runCost(@Payload() req: RunCostRequestV1): Promise<RunCostReplyV1> {
    return this.getRunCost.execute(req);
  }

  @MessagePattern(BillingUsage.subject, { payload: UsageRequestV1 } satisfies RpcHandlerExtras)
  usage(@Payload() req: UsageRequestV1): Promise<UsageReplyV1> {
    return this.getUsage.execute(req);
  }
}
