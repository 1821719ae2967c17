import { errors as natsErrors } from '@nats-io/transport-node';
import { JetStreamError } from '@nats-io/jetstream';
import { Unavailable } from '@cofounder/contracts';
import { isDatabaseUnavailable } from '@cofounder/persistence';

/**
 * True when a failure is our own infrastructure being away, not the message or the code:
 * a service that did not answer or said it cannot now (Unavailable over RPC), PostgreSQL out of
 * reach, or NATS and JetStream disconnected or not answering. Such a failure is waited out
 * for as long as it lasts; it never counts against a message's deliveries.
 */
export function isInfrastructureOutage(err: unknown): boolean {
  return err instanceof Unavailable || isDatabaseUnavailable(err) || isNatsOutage(err);
}

function isNatsOutage(err: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e = err; e instanceof Error && !seen.has(e); e = e.cause) {
    seen.add(e);
    if (e instanceof natsErrors.ConnectionError || e instanceof natsErrors.ClosedConnectionError
      || e instanceof natsErrors.DrainingConnectionError || e instanceof natsErrors.TimeoutError
      || e instanceof natsErrors.NoRespondersError) return true;
    if (e instanceof natsErrors.RequestError && e.isNoResponders()) return true;
    // 503: JetStream has no leader or storage for the moment, or is not answering yet after a restart.
    if (e instanceof JetStreamError && (e as { code?: unknown }).code === 503) return true;
    if (e.name === 'JetStreamNotEnabled') return true;
  }
  return false;
}
