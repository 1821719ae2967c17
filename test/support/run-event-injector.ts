import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { Subjects } from '@cofounder/contracts';

/**
 * Publishes events into a run's EVENTS subject as the services do, so a stream test can
 * pace and size the run's activity itself. `published` counts the ones acknowledged.
 */
export class RunEventInjector {
  published = 0;

  private constructor(private readonly nc: NatsConnection, private readonly js: JetStreamClient) {}

  static async connect(natsUrl: string): Promise<RunEventInjector> {
    const nc = await connect({ servers: natsUrl, name: 'test-run-event-injector', maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    return new RunEventInjector(nc, jetstream(nc));
  }

  /** Publishes `agent.message` events one after another; returns their sequences. */
  async say(runId: string, texts: string[]): Promise<number[]> {
    const seqs: number[] = [];
    for (const text of texts) seqs.push(await this.publish(runId, { type: 'agent.message', text }));
    return seqs;
  }

  /** Ends the run's stream for its followers, as the orchestrator's completion does. */
  complete(runId: string, summary = 'Done.'): Promise<number> {
    return this.publish(runId, { type: 'run.completed', summary });
  }

  async publish(runId: string, body: { type: string } & Record<string, unknown>): Promise<number> {
    const event = { ...body, runId, at: new Date().toISOString() };
    const ack = await this.js.publish(Subjects.runEvent(runId, body.type), JSON.stringify(event));
    this.published += 1;
    return ack.seq;
  }

  close(): Promise<void> {
    return this.nc.close();
  }
}
