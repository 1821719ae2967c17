import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Filters, Streams, UsageRecordedV1 } from '@cofounder/contracts';
import type { JetStreamHandlerExtras } from '@cofounder/messaging';
import { RecordUsageUseCase } from './record-usage.use-case';

@Controller()
export class UsageController {
  constructor(private readonly recordUsage: RecordUsageUseCase) {}

  @EventPattern(Filters.usage, { stream: Streams.USAGE, durable: 'billing-usage', payload: UsageRecordedV1 } satisfies JetStreamHandlerExtras)
  async record(@Payload() usage: UsageRecordedV1): Promise<void> {
    await this.recordUsage.execute(usage);
  }
}
