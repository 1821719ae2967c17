import { JsMsg } from '@nats-io/jetstream';
import { Msg } from '@nats-io/transport-node';
import { BaseRpcContext } from '@nestjs/microservices';

/** What a JetStream handler may do with the message in hand besides returning. */
export class JetStreamContext extends BaseRpcContext<[JsMsg]> {
  get message(): JsMsg {
    return this.args[0];
  }
  get subject(): string {
    return this.args[0].subject;
  }
  get deliveryCount(): number {
    return this.args[0].info.deliveryCount;
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
