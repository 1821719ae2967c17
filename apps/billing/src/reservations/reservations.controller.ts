import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  BillingExpireReservations, BillingReleaseReservations, ExpireReservationsReplyV1, ExpireReservationsRequestV1,
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

  @MessagePattern(BillingExpireReservations.subject, { payload: ExpireReservationsRequestV1 } satisfies RpcHandlerExtras)
  expireUnsettled(): Promise<ExpireReservationsReplyV1> {
    return this.expire.execute();
  }
}
