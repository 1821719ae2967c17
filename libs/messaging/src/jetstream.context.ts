import { JsMsg } from '@nats-io/jetstream';
import { Msg } from '@nats-io/transport-node';
import { BaseRpcContext } from '@nestjs/microservices';
import type { DeliveryAttempt } from './retry-policy';

/** What a JetStream handler may do with the message in hand besides returning. */
export class JetStreamContext extends BaseRpcContext<[JsMsg]> {
  constructor(args: [JsMsg], private readonly failuresBefore = 0) {
    super(args);
  }
  get message(): JsMsg {
    return this.args[0];
  }
  get subject(): string {
    return this.args[0].subject;
  }
  get deliveryCount(): number {
    return this.args[0].info.deliveryCount;
  }
  /** The delivery count and the failures of the message's own before it: what settleFailure decides from. */
  get attempt(): DeliveryAttempt {
    return { deliveryCount: this.deliveryCount, failuresBefore: this.failuresBefore };
  }
  /** Tells the server the handler is alive, so the message is not redelivered meanwhile. */
  working(): void {
    this.args[0].working();
  }
}

export class NatsRequestContext extends BaseRpcContext<[Msg]> {
  get subject(): string {
    return this.args[0].subject;
  }
}
