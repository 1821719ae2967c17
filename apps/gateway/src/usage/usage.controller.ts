import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard, CurrentFounder, Founder } from '@cofounder/auth';
import { ShowUsageUseCase, UsageView } from './show-usage.use-case';

@Controller('v1/usage')
@UseGuards(AuthGuard)
export class UsageController {
  constructor(private readonly showUsage: ShowUsageUseCase) {}

  @Get()
  show(@CurrentFounder() founder: Founder): Promise<UsageView> {
    return this.showUsage.execute(founder);
  }
}
