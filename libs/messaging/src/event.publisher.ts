import { Injectable } from '@nestjs/common';
import { PubAck } from '@nats-io/jetstream';
import { errors as natsErrors } from '@nats-io/transport-node';
import { encodeJson } from './codec';
import { ConnectionWatch } from './connection-watch';
import { backoffMs, OUTAGE_BACKOFF_MAX_MS } from './retry-policy';
import { isInfrastructureOutage } from './infrastructure-outage';
import { NatsConnectionHolder } from './nats-connection';

/**
 * How long a publish waits out NATS reconnecting (a server restart takes a few seconds)
 * before its caller hears of the outage: a founder's POST answers late but right, rather than 503.
 */
export const PUBLISH_PATIENCE_MS = 10_000;
/** One attempt's wait for its ack: far above a healthy ack, well below the patience, so a lost one is sent again in time. */
const ATTEMPT_TIMEOUT_MS = 2_500;

/**
 * Publishes to JetStream with a message id built from the data, so a publish retried
 * after a crash is dropped by the stream's duplicate window instead of doubling work.
 * The same id makes retrying in place safe while the connection comes back.
 */
@Injectable()
export class JetStreamPublisher {
  constructor(private readonly nats: NatsConnectionHolder) {}

  async publish(subject: string, payload: unknown, msgID: string): Promise<PubAck> {
    const data = encodeJson(payload);
    const watch = ConnectionWatch.of(this.nats.nc);
    const deadline = Date.now() + PUBLISH_PATIENCE_MS;
    for (let attempt = 1; ; attempt += 1) {
      await watch.untilConnected(deadline - Date.now());
      try {
        return await this.attempt(watch, subject, data, msgID, deadline);
      } catch (err) {
        const pause = backoffMs(attempt, OUTAGE_BACKOFF_MAX_MS);
        if (!isInfrastructureOutage(err) || this.nats.nc.isClosed() || Date.now() + pause >= deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  /** One try, given up as soon as the connection drops: its ack would never come. */
  private attempt(watch: ConnectionWatch, subject: string, data: Uint8Array, msgID: string, deadline: number): Promise<PubAck> {
    const timeout = Math.max(1, Math.min(ATTEMPT_TIMEOUT_MS, deadline - Date.now()));
    const ack = this.nats.js.publish(subject, data, { msgID, timeout });
    let stop: () => void = () => undefined;
    const lost = new Promise<never>((_, reject) => {
      stop = watch.whenLost(() => reject(new ConnectionLost(subject)));
    });
    // Whichever loses the race settles later with nobody listening; its outcome is the one already told.
    lost.catch(() => undefined);
    ack.catch(() => undefined);
    return Promise.race([ack, lost]).finally(stop);
  }
}

/** The connection dropped while a publish waited for its ack: an outage, retried with the same message id. */
export class ConnectionLost extends natsErrors.ConnectionError {
  constructor(subject: string) {
    super(`NATS connection lost while publishing to ${subject}`);
    this.name = 'ConnectionLost';
  }
}
