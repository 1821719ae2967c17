import { Injectable } from '@nestjs/common';
import { ReleaseReservationsReplyV1, ReleaseReservationsRequestV1 } from '@cofounder/contracts';
import { founderOf } from '../founders/founder-id';
import { ReservationRepository } from './reservation.repository';

/** A cancelled run gives back what it still holds, at once rather than at expiry. */
@Injectable()
export class ReleaseReservationsUseCase {
  constructor(private readonly reservations: ReservationRepository) {}

  async execute(req: ReleaseReservationsRequestV1): Promise<ReleaseReservationsReplyV1> {
    return { released: await this.reservations.releaseRun(founderOf(req), req.runId) };
  }
}
