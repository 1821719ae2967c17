import { DynamicModule, Global, Inject, Module, OnModuleInit } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CofounderConfig, Environment } from '@cofounder/config';
import { ConsumerLag } from './consumer-lag.metrics';
import { JetStreamPublisher } from './event.publisher';
import { RunEventPublisher } from './run-event.publisher';
import { NatsConnectionHolder } from './nats-connection';
import { NatsHealthIndicator } from './nats.health';
import { provisionMessaging } from './provisioning';
import { RpcClient } from './rpc.client';
import { RunStateStore } from './run-state.store';

const SERVICE_NAME = Symbol('SERVICE_NAME');

/** Connects to NATS and provisions the streams and buckets before any handler starts. */
@Global()
@Module({})
export class MessagingModule implements OnModuleInit {
  constructor(
    private readonly nats: NatsConnectionHolder,
    private readonly env: Environment,
    private readonly config: CofounderConfig,
    @Inject(SERVICE_NAME) private readonly serviceName: string,
  ) {}

  static forRoot(serviceName: string): DynamicModule {
    return {
      module: MessagingModule,
      imports: [TerminusModule],
      providers: [
        { provide: SERVICE_NAME, useValue: serviceName },
        NatsConnectionHolder, RpcClient, JetStreamPublisher, RunEventPublisher, RunStateStore, NatsHealthIndicator, ConsumerLag,
      ],
      exports: [NatsConnectionHolder, RpcClient, JetStreamPublisher, RunEventPublisher, RunStateStore, NatsHealthIndicator, ConsumerLag],
    };
  }

  async onModuleInit(): Promise<void> {
    await this.nats.connect(this.env.natsUrl, `cofounder-${this.serviceName}`);
    await provisionMessaging(this.nats.jsm, this.nats.kvm, {
      eventsMaxAgeDays: this.config.limits.eventsMaxAgeDays,
      eventsDuplicateWindowMs: this.config.limits.eventsDuplicateWindowMs,
      leaseMs: this.config.time.leaseMs,
    });
  }
}
