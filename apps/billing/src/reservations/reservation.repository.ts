import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { FounderId } from '../founders/founder-id';
import { ReservationEntity } from './reservation.entity';

export type NewReservation = Omit<ReservationEntity, 'ownerId'>;

/** What a settled reservation tells the ledger row that replaces it. */
export type SettledReservation = Pick<ReservationEntity, 'authorizedAt' | 'awakeSince'>;

@Injectable()
export class ReservationRepository {
  constructor(@InjectRepository(ReservationEntity) private readonly reservations: Repository<ReservationEntity>) {}

  async insert(founder: FounderId, reservation: NewReservation, em: EntityManager): Promise<void> {
    await em.getRepository(ReservationEntity).insert({ ...reservation, ownerId: founder });
  }

  /** Removes the reservation its call's usage settles; null when it was already settled, released or expired. */
  async settle(founder: FounderId, id: string, em: EntityManager): Promise<SettledReservation | null> {
    const [rows]: [Array<{ authorized_at: Date; awake_since: Date }>, number] = await em.query(
      'DELETE FROM billing.reservations WHERE owner_id = $1 AND id = $2 RETURNING authorized_at, awake_since',
      [founder, id],
    );
    return rows[0] ? { authorizedAt: rows[0].authorized_at, awakeSince: rows[0].awake_since } : null;
  }

  /** A run that ends gives back what it still holds. */
  async releaseRun(founder: FounderId, runId: string): Promise<number> {
    const [, count]: [unknown[], number] = await this.reservations.query(
      'DELETE FROM billing.reservations WHERE owner_id = $1 AND run_id = $2', [founder, runId],
    );
    return count;
  }

  /**
   * The scheduler's sweep over every founder: a reservation past its expiry no longer counts
   * in any sum already (they all read `expires_at > now`); this only clears the rows away.
   */
  async expireAll(now: Date): Promise<number> {
    const [, count]: [unknown[], number] = await this.reservations.query(
      'DELETE FROM billing.reservations WHERE expires_at <= $1', [now],
    );
    return count;
  }
}
