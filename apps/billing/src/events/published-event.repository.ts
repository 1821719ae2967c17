import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PublishedEventsRepository } from '@cofounder/messaging';

/** Billing's record of the run events it published (budget.updated, budget.alert): billing.published_events. */
@Injectable()
export class PublishedEventRepository extends PublishedEventsRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db, 'billing');
  }
}
