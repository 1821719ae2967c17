import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { AckPolicy, DeliverPolicy, JetStreamApiError, JsMsg } from '@nats-io/jetstream';
import { Msg, nanos, Subscription } from '@nats-io/transport-node';
import { lastValueFrom, isObservable } from 'rxjs';
import { decodeMessage, DomainError, RpcEnvelope } from '@cofounder/contracts';
import type { ConsumerLag } from './consumer-lag.metrics';
import { JetStreamContext, NatsRequestContext } from './jetstream.context';
import { NatsConnectionHolder } from './nats-connection';
import { isJetStreamExtras, JetStreamHandlerExtras } from './pattern-extras';
import { DeliveryFailures } from './delivery-failures';
import { isInfrastructureOutage } from './infrastructure-outage';
import { countsAsFailure, RetryLater, settleFailure, Settlement } from './retry-policy';
import { encodeJson, parseJson } from './codec';

/** How long one pull waits for a message; also bounds how long a stopping worker lingers. */
const PULL_EXPIRES_MS = 5_000;

export interface JetStreamServerOptions {
  /** Queue group of this service's request/reply handlers. */
  queue: string;
  ackWaitMs: number;
  /** Failures of a message's own (not outages, not kills) after which it is given up: see settleFailure. */
  maxDeliver: number;
  /** How long close() waits for handlers in hand before handing their messages back. */
  shutdownGraceMs?: number;
  /** Told of each durable consumed, so /metrics reports its backlog. */
  consumerLag?: ConsumerLag;
}

/**
 * One Nest transport over NATS: @MessagePattern handlers answer core requests in a queue group;
 * @EventPattern handlers with {stream, durable} consume a durable pull consumer, and the
 * transport settles each message (ack on return, nak with delay on failure, term when it can
 * never succeed) and calls working() while the handler runs.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(JetStreamServer.name);
  private readonly answering = new Set<Promise<void>>();
  /** Messages given back at shutdown: their handlers, if they ever finish, must not settle them. */
  private readonly handedBack = new WeakSet<JsMsg>();
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Map<Promise<void>, JsMsg>();
  private readonly failures = new DeliveryFailures();
  private closing = false;

  constructor(private readonly nats: NatsConnectionHolder, private readonly options: JetStreamServerOptions) {
    super();
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      for (const [pattern, handler] of this.messageHandlers) {
        if (handler.isEventHandler && isJetStreamExtras(handler.extras)) {
          await this.consume(pattern, handler, handler.extras);
        } else if (!handler.isEventHandler) {
          this.serveRequests(pattern, handler);
        } else {
          throw new Error(`@EventPattern('${pattern}') needs {stream, durable} extras`);
        }
      }
      callback();
    } catch (err) {
      callback(err);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const sub of this.subscriptions) sub.unsubscribe();
    const grace = new Promise<'timeout'>((resolve) => setTimeout(resolve, this.options.shutdownGraceMs ?? 10_000, 'timeout').unref());
    const settled = await Promise.race([Promise.allSettled([...this.inFlight.keys(), ...this.answering]), grace]);
    if (settled === 'timeout') {
      // Handed back, not lost: another instance picks these up from their checkpoints.
      for (const msg of this.inFlight.values()) {
        this.handedBack.add(msg);
        this.settle(msg, () => msg.nak());
      }
      this.log.warn({ msg: 'handed back unfinished messages', count: this.inFlight.size });
    }
  }

  on(): never {
    throw new Error('JetStreamServer does not emit transport events');
  }

  unwrap<T>(): T {
    return this.nats.nc as T;
  }

  private async ensureConsumer(pattern: string, extras: JetStreamHandlerExtras): Promise<void> {
    const stream = extras.stream;
    const config = {
      durable_name: extras.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: pattern,
      ack_wait: nanos(this.options.ackWaitMs),
      // Unlimited: JetStream counts outages' naks and killed handlers as deliveries too, and a message
      // it stops redelivering strands its run. The transport gives up on a message itself, after
      // maxDeliver failures of the message's own (settleFailure).
      max_deliver: -1,
      max_ack_pending: 1000,
    };
    try {
      await this.nats.jsm.consumers.add(stream, config);
    } catch (err) {
      if (!(err instanceof JetStreamApiError)) throw err;
      // An existing durable with older settings is brought up to date instead.
      const { durable_name: _name, deliver_policy: _deliver, ...mutable } = config;
      await this.nats.jsm.consumers.update(stream, extras.durable, mutable);
    }
  }

  /**
   * `concurrency` workers, each pulling one message only when it is free: a message is never
   * held unworked in a buffer, where its ack_wait would run out and another instance would
   * get a second copy while this one still has it.
   */
  private async consume(pattern: string, handler: MessageHandler, extras: JetStreamHandlerExtras): Promise<void> {
    await this.ensureConsumer(pattern, extras);
    this.options.consumerLag?.watch(extras.stream, extras.durable);
    const consumer = await this.nats.js.consumers.get(extras.stream, extras.durable);
    const worker = async (): Promise<void> => {
      while (!this.closing) {
        const msg = await consumer.next({ expires: PULL_EXPIRES_MS }).catch((err: unknown) => {
          if (!this.closing) this.log.warn({ msg: 'pull failed', pattern, error: String(err) });
          return null;
        });
        if (!msg) continue;
        if (this.closing) {
          this.settle(msg, () => msg.nak());
          continue;
        }
        const job = this.handleJetStreamMessage(msg, handler, extras);
        this.inFlight.set(job, msg);
        await job.finally(() => this.inFlight.delete(job));
      }
    };
    for (let i = 0; i < (extras.concurrency ?? 8); i += 1) {
      void worker().catch((err) => this.log.error({ msg: 'consumer worker stopped', pattern, error: String(err) }));
    }
  }

  private async handleJetStreamMessage(msg: JsMsg, handler: MessageHandler, extras: JetStreamHandlerExtras): Promise<void> {
    const keepAlive = setInterval(() => this.settle(msg, () => msg.working()), Math.max(100, Math.floor(this.options.ackWaitMs / 3)));
    const key = `${msg.info.stream}:${msg.seq}`;
    try {
      const raw = parseJson(msg.data);
      const payload = extras.payload ? decodeMessage(extras.payload, raw) : raw;
      await this.invoke(handler, payload, new JetStreamContext([msg], this.failures.of(key)));
      this.failures.forget(key);
      this.settle(msg, () => msg.ack());
    } catch (err) {
      const attempt = { deliveryCount: msg.info.deliveryCount, failuresBefore: this.failures.of(key) };
      const settlement = settleFailure(err, attempt, this.options.maxDeliver);
      if (countsAsFailure(err)) this.failures.record(key);
      this.logFailure(msg, err, settlement);
      if (settlement.kind === 'nak') this.settle(msg, () => msg.nak(settlement.delayMs));
      // No reason on the wire: nats-server 2.9 does not understand "+TERM <reason>"; the log has it.
      else if (settlement.kind === 'term') {
        this.failures.forget(key);
        this.settle(msg, () => msg.term());
      }
    } finally {
      clearInterval(keepAlive);
    }
  }

  private logFailure(msg: JsMsg, err: unknown, settlement: Settlement): void {
    if (err instanceof RetryLater) return; // not a failure: the handler asked to be called again later
    const level = settlement.kind === 'term' ? 'error' : 'warn';
    this.log[level]({ msg: 'message handler failed', subject: msg.subject, delivery: msg.info.deliveryCount,
      outage: isInfrastructureOutage(err), settlement: settlement.kind, delayMs: settlement.kind === 'nak' ? settlement.delayMs : undefined,
      reason: settlement.kind === 'term' ? settlement.reason : undefined, error: err instanceof Error ? err.message : String(err) });
  }

  /** Settling needs the connection: one closed under us during shutdown is logged, not thrown. */
  private settle(msg: JsMsg, action: () => void): void {
    if (this.handedBack.has(msg)) return;
    try {
      action();
    } catch (err) {
      this.log.warn({ msg: 'could not settle message', subject: msg.subject, error: String(err) });
    }
  }

  private serveRequests(pattern: string, handler: MessageHandler): void {
    const sub = this.nats.nc.subscribe(pattern, {
      queue: this.options.queue,
      callback: (err, msg) => {
        if (err) {
          this.log.error({ msg: 'subscription failed', pattern, error: err.message });
          return;
        }
        const answer = this.answer(msg, handler).finally(() => this.answering.delete(answer));
        this.answering.add(answer);
      },
    });
    this.subscriptions.push(sub);
  }

  private async answer(msg: Msg, handler: MessageHandler): Promise<void> {
    let reply: RpcEnvelope<unknown>;
    try {
      const raw = parseJson(msg.data);
      const payloadClass = (handler.extras as { payload?: new () => object } | undefined)?.payload;
      const payload = payloadClass ? decodeMessage(payloadClass, raw) : raw;
      reply = { ok: true, data: await this.invoke(handler, payload, new NatsRequestContext([msg])) };
    } catch (err) {
      if (err instanceof DomainError) {
        reply = { ok: false, error: { code: err.code, message: err.message } };
      } else if (isInfrastructureOutage(err)) {
        // The caller waits an outage out (Unavailable); what is unreachable, and where, stays in our logs.
        this.log.warn({ msg: 'request handler met an outage', subject: msg.subject, error: err instanceof Error ? err.message : String(err) });
        reply = { ok: false, error: { code: 'unavailable', message: 'The service cannot reach its database or message bus for the moment.' } };
      } else {
        this.log.error({ msg: 'request handler failed', subject: msg.subject, error: err instanceof Error ? err.stack : String(err) });
        reply = { ok: false, error: { code: 'internal', message: 'The service failed to answer; see its logs.' } };
      }
    }
    try {
      msg.respond(encodeJson(reply));
    } catch (err) {
      this.log.warn({ msg: 'could not send reply', subject: msg.subject, error: String(err) });
    }
  }

  private async invoke(handler: MessageHandler, payload: unknown, ctx: unknown): Promise<unknown> {
    const result = await handler(payload, ctx);
    return isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result;
  }
}
