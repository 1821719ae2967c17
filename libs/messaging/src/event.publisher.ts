import { Injectable } from '@nestjs/common';
import { PubAck } from '@nats-io/jetstream';
import { encodeJson } from './codec';
import { NatsConnectionHolder } from './nats-connection';

/**
 * Publishes to JetStream with a message id built from the data, so a publish retried
 * after a crash is dropped by the stream's duplicate window instead of doubling work.
 */
@Injectable()
export class JetStreamPublisher {
  constructor(private readonly nats: NatsConnectionHolder) {}

  publish(subject: string, payload: unknown, msgID: string): Promise<PubAck> {
    return this.nats.js.publish(subject, encodeJson(payload), { msgID });
  }
}
