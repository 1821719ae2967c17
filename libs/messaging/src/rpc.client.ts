import { Injectable } from '@nestjs/common';
import { errors as natsErrors } from '@nats-io/transport-node';
import { decodeMessage, errorFromCode, RpcDefinition, RpcEnvelope } from '@cofounder/contracts';
import { DependencyUnavailable } from './dependency-unavailable';
import { encodeJson, parseJson } from './codec';
import { NatsConnectionHolder } from './nats-connection';

export const DEFAULT_RPC_TIMEOUT_MS = 10_000;

/**
 * Typed request/reply: the request is sent as its contract, the reply decoded into its
 * contract, and an error reply rethrown as its DomainError class. No answer in time, or
 * nobody listening, is Unavailable (retryable).
 */
@Injectable()
export class RpcClient {
  constructor(private readonly nats: NatsConnectionHolder) {}

  async request<Req extends object, Rep extends object>(
    def: RpcDefinition<Req, Rep>, payload: Req, opts: { timeoutMs?: number } = {},
  ): Promise<Rep> {
    const timeout = opts.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
    let data: Uint8Array;
    try {
      const msg = await this.nats.nc.request(def.subject, encodeJson(payload), { timeout });
      data = msg.data;
    } catch (err) {
      if (err instanceof natsErrors.TimeoutError) {
        throw new DependencyUnavailable(def.subject, `${def.subject} did not answer within ${timeout} ms`, { cause: err });
      }
      if (err instanceof natsErrors.NoRespondersError) {
        throw new DependencyUnavailable(def.subject, `no service answers ${def.subject}`, { cause: err });
      }
      if (err instanceof natsErrors.RequestError && err.isNoResponders()) {
        throw new DependencyUnavailable(def.subject, `no service answers ${def.subject}`, { cause: err });
      }
      throw err;
    }
    const envelope = parseJson(data) as RpcEnvelope<unknown>;
    if (!envelope.ok) {
      // The service answered that it cannot now (its own database or dependency is away): an outage of it.
      if (envelope.error.code === 'unavailable') throw new DependencyUnavailable(def.subject, envelope.error.message);
      throw errorFromCode(envelope.error.code, envelope.error.message);
    }
    return decodeMessage(def.reply, envelope.data);
  }
}
