import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { queryPrepared } from '@cofounder/persistence';
import type { FounderId } from '../founders/founder-id';
import { ReservationEntity } from './reservation.entity';

export type NewReservation = Omit<ReservationEntity, 'ownerId'>;

/** What a settled reservation tells the ledger row that replaces it. */
export type SettledReservation = Pick<ReservationEntity, 'authorizedAt' | 'awakeSince'>;

// Prepared: it is on every authorization's path.
const INSERT_RESERVATION = `INSERT INTO billing.reservations
  (id, owner_id, run_id, project_id, model, amount_microdollars, awake_since, authorized_at, expires_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;

@Injectable()
export class ReservationRepository {
  constructor(@InjectRepository(ReservationEntity) private readonly reservations: Repository<ReservationEntity>) {}

  async insert(founder: FounderId, r: NewReservation, em: EntityManager): Promise<void> {
    await queryPrepared(em, 'billing_insert_reservation', INSERT_RESERVATION, [
      r.id, founder, r.runId, r.projectId, r.model, r.amountMicrodollars, r.awakeSince, r.authorizedAt, r.expiresAt,
    ]);
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
