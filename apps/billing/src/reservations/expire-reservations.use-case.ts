import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { ExpireReservationsReplyV1 } from '@cofounder/contracts';
import { ReservationRepository } from './reservation.repository';

/**
 * The scheduler's sweep, each tick: reservations whose call never settled within
 * `time.reservationTtlMs` (its caller died mid-call) are deleted.
 */
@Injectable()
export class ExpireReservationsUseCase {
  private readonly log = new Logger(ExpireReservationsUseCase.name);

  constructor(private readonly clock: Clock, private readonly reservations: ReservationRepository) {}

  async execute(): Promise<ExpireReservationsReplyV1> {
    const released = await this.reservations.expireAll(this.clock.now());
    if (released > 0) this.log.log({ msg: 'unsettled reservations expired', released });
    return { released };
  }
}
