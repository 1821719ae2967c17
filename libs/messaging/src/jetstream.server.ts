import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JetStreamApiError, JsMsg } from '@nats-io/jetstream';
import { Msg, nanos, Subscription } from '@nats-io/transport-node';
import { lastValueFrom, isObservable } from 'rxjs';
import { decode, DomainError, RpcEnvelope } from '@cofounder/contracts';
import { JetStreamContext, NatsRequestContext } from './jetstream.context';
import { NatsConnectionHolder } from './nats-connection';
import { isJetStreamExtras, JetStreamHandlerExtras } from './pattern-extras';
import { settleFailure } from './retry-policy';
import { encodeJson, parseJson } from './codec';

export interface JetStreamServerOptions {
  /** Queue group of this service's request/reply handlers. */
  queue: string;
  ackWaitMs: number;
  maxDeliver: number;
  /** How long close() waits for handlers in hand before handing their messages back. */
  shutdownGraceMs?: number;
}

/**
 * One Nest transport over NATS: @MessagePattern handlers answer core requests in a queue group;
 * @EventPattern handlers with {stream, durable} consume a durable pull consumer, and the
 * transport settles each message (ack on return, nak with delay on failure, term when it can
 * never succeed) and calls working() while the handler runs.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(JetStreamServer.name);
  private readonly consumers: ConsumerMessages[] = [];
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Map<Promise<void>, JsMsg>();
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
    await Promise.all(this.consumers.map((c) => c.close()));
    const grace = new Promise<'timeout'>((resolve) => setTimeout(resolve, this.options.shutdownGraceMs ?? 10_000, 'timeout').unref());
    const settled = await Promise.race([Promise.allSettled([...this.inFlight.keys()]), grace]);
    if (settled === 'timeout') {
      // Handed back, not lost: another instance picks these up from their checkpoints.
      for (const msg of this.inFlight.values()) msg.nak();
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
      max_deliver: this.options.maxDeliver,
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

  private async consume(pattern: string, handler: MessageHandler, extras: JetStreamHandlerExtras): Promise<void> {
    await this.ensureConsumer(pattern, extras);
    const consumer = await this.nats.js.consumers.get(extras.stream, extras.durable);
    const concurrency = extras.concurrency ?? 8;
    const messages = await consumer.consume({ max_messages: concurrency });
    this.consumers.push(messages);
    const running = new Set<Promise<void>>();
    void (async () => {
      for await (const msg of messages) {
        if (this.closing) {
          msg.nak();
          continue;
        }
        const job = this.handleJetStreamMessage(msg, handler, extras).finally(() => {
          running.delete(job);
          this.inFlight.delete(job);
        });
        running.add(job);
        this.inFlight.set(job, msg);
        if (running.size >= concurrency) await Promise.race(running);
      }
    })().catch((err) => this.log.error({ msg: 'consumer stopped', pattern, err: String(err) }));
  }

  private async handleJetStreamMessage(msg: JsMsg, handler: MessageHandler, extras: JetStreamHandlerExtras): Promise<void> {
    const keepAlive = setInterval(() => msg.working(), Math.max(100, Math.floor(this.options.ackWaitMs / 3)));
    try {
      const raw = parseJson(msg.data);
      const payload = extras.payload ? decode(extras.payload, raw) : raw;
      await this.invoke(handler, payload, new JetStreamContext([msg]));
      msg.ack();
    } catch (err) {
      const settlement = settleFailure(err, msg.info.deliveryCount, this.options.maxDeliver);
      const level = settlement.kind === 'term' ? 'error' : 'warn';
      this.log[level]({ msg: 'message handler failed', subject: msg.subject, delivery: msg.info.deliveryCount,
        settlement: settlement.kind, reason: settlement.kind === 'term' ? settlement.reason : undefined, error: err instanceof Error ? err.message : String(err) });
      if (settlement.kind === 'nak') msg.nak(settlement.delayMs);
      // No reason on the wire: nats-server 2.9 does not understand "+TERM <reason>"; the log has it.
      else if (settlement.kind === 'term') msg.term();
    } finally {
      clearInterval(keepAlive);
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
        void this.answer(msg, handler);
      },
    });
    this.subscriptions.push(sub);
  }

  private async answer(msg: Msg, handler: MessageHandler): Promise<void> {
    let reply: RpcEnvelope<unknown>;
    try {
      const raw = parseJson(msg.data);
      const payloadClass = (handler.extras as { payload?: new () => object } | undefined)?.payload;
      const payload = payloadClass ? decode(payloadClass, raw) : raw;
      reply = { ok: true, data: await this.invoke(handler, payload, new NatsRequestContext([msg])) };
    } catch (err) {
      if (err instanceof DomainError) {
        reply = { ok: false, error: { code: err.code, message: err.message } };
      } else {
        this.log.error({ msg: 'request handler failed', subject: msg.subject, error: err instanceof Error ? err.stack : String(err) });
        reply = { ok: false, error: { code: 'internal', message: 'The service failed to answer; see its logs.' } };
      }
    }
    msg.respond(encodeJson(reply));
  }

  private async invoke(handler: MessageHandler, payload: unknown, ctx: unknown): Promise<unknown> {
    const result = await handler(payload, ctx);
    return isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result;
  }
}
