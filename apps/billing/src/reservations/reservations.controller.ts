import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  BillingExpireReservations, BillingReleaseReservations, ExpireReservationsReplyV1,
  ReleaseReservationsReplyV1, ReleaseReservationsRequestV1,
} from '@cofounder/contracts';
import type { RpcHandlerExtras } from '@cofounder/messaging';
import { ExpireReservationsUseCase } from './expire-reservations.use-case';
import { ReleaseReservationsUseCase } from './release-reservations.use-case';

@Controller()
export class ReservationsController {
  constructor(private readonly release: ReleaseReservationsUseCase, private readonly expire: ExpireReservationsUseCase) {}

  @MessagePattern(BillingReleaseReservations.subject, { payload: ReleaseReservationsRequestV1 } satisfies RpcHandlerExtras)
  releaseRun(@Payload() req: ReleaseReservationsRequestV1): Promise<ReleaseReservationsReplyV1> {
    return this.release.execute(req);
  }

  // No payload class: ExpireReservationsRequestV1 has no fields, and class-validator refuses a class without any.
  @MessagePattern(BillingExpireReservations.subject)
  expireUnsettled(): Promise<ExpireReservationsReplyV1> {
    return this.expire.execute();
  }
}
