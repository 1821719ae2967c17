import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentFounder, Founder } from '@cofounder/auth';
import { UsageReplyV1 } from '@cofounder/contracts';
import { ApiErrors } from '../docs/api-errors.decorator';
import { ShowUsageUseCase } from './show-usage.use-case';
import { UsageDto } from './usage.dto';

@Controller('v1/usage')
@UseGuards(AuthGuard)
@ApiTags('usage')
@ApiBearerAuth('bearer')
@ApiErrors(401)
export class UsageController {
  constructor(private readonly showUsage: ShowUsageUseCase) {}

  @Get()
  @ApiOkResponse({ type: UsageDto })
  @ApiErrors(503)
  show(@CurrentFounder() founder: Founder): Promise<UsageReplyV1> {
    return this.showUsage.execute(founder);
  }
}
