import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentFounder, Founder } from '@cofounder/auth';
import { UsageReplyV1 } from '@cofounder/contracts';
import { ShowUsageUseCase } from './show-usage.use-case';

@Controller('v1/usage')
@UseGuards(AuthGuard)
export class UsageController {
  constructor(private readonly showUsage: ShowUsageUseCase) {}

  @Get()
  show(@CurrentFounder() founder: Founder): Promise<UsageReplyV1> {
    return this.showUsage.execute(founder);
  }
}
