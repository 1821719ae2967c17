import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PublishedEventsRepository } from '@cofounder/messaging';

/** The orchestrator's record of the run events it published: orchestrator.published_events. */
@Injectable()
export class PublishedEventRepository extends PublishedEventsRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db, 'orchestrator');
  }
}
