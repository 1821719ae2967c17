import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { jetstream, JetStreamClient, jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, NatsConnection } from '@nats-io/transport-node';

/**
 * The one NATS connection of a process. Everything else (the transport, publishers,
 * RPC clients, KV) borrows it, so draining it on shutdown settles them all.
 */
@Injectable()
export class NatsConnectionHolder implements OnApplicationShutdown {
  private readonly log = new Logger(NatsConnectionHolder.name);
  private conn?: NatsConnection;
  private jsClient?: JetStreamClient;
  private manager?: JetStreamManager;
  private kvManager?: Kvm;

  async connect(servers: string, name: string): Promise<void> {
    if (this.conn) return;
    this.conn = await connect({ servers, name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
    this.jsClient = jetstream(this.conn);
    this.manager = await jetstreamManager(this.conn);
    this.kvManager = new Kvm(this.conn);
    this.log.log({ msg: 'nats connected', server: this.conn.getServer() });
  }

  get nc(): NatsConnection {
    if (!this.conn) throw new Error('NATS is not connected yet');
    return this.conn;
  }
  get js(): JetStreamClient {
    if (!this.jsClient) throw new Error('NATS is not connected yet');
    return this.jsClient;
  }
  get jsm(): JetStreamManager {
    if (!this.manager) throw new Error('NATS is not connected yet');
    return this.manager;
  }
  get kvm(): Kvm {
    if (!this.kvManager) throw new Error('NATS is not connected yet');
    return this.kvManager;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.conn && !this.conn.isClosed()) await this.conn.drain();
  }
}
