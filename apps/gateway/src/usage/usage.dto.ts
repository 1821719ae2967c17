import { ApiProperty } from '@nestjs/swagger';
import type { UsageReplyV1 } from '@cofounder/contracts';
import type { AllTrue, SameShape } from '../docs/same-shape';

export class ProjectSpendDto {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ type: 'integer' }) spentMicrodollars!: number;
}

/** GET /v1/usage: the founder's plan and spend; money in integer microdollars (1 USD = 1,000,000). */
export class UsageDto {
  @ApiProperty({ example: 'bootstrapper' }) tier!: string;
  @ApiProperty({ description: 'The model of the founder\'s tier' }) model!: string;
  @ApiProperty({ format: 'date-time' }) periodStart!: string;
  @ApiProperty({ format: 'date-time' }) periodEnd!: string;
  @ApiProperty({ type: 'integer' }) budgetMicrodollars!: number;
  @ApiProperty({ type: 'integer' }) spentMicrodollars!: number;
  @ApiProperty({ type: 'integer', description: 'What today may spend: what is left, spread over the pacing days left' })
  todayAllowanceMicrodollars!: number;

  @ApiProperty({ type: 'integer' }) spentTodayMicrodollars!: number;
  @ApiProperty({ type: [ProjectSpendDto] }) projects!: ProjectSpendDto[];
}

// Checked by the compiler: this DTO is what the route sends.
type Checked = AllTrue<[SameShape<UsageDto, UsageReplyV1>]>;
