import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { SystemClock } from '@cofounder/config';
import { RunEventBody } from '@cofounder/contracts';
import { JetStreamPublisher, NatsConnectionHolder, PublishOnce, RunEventPublisher } from '@cofounder/messaging';
import { dataSourceOptions } from '@cofounder/persistence';
import { PublishedEventRepository } from '../apps/orchestrator/src/events/published-event.repository';
import { orchestratorSchema } from '../apps/orchestrator/src/runs/orchestrator-schema';
import { durableInsertMs } from './billing-authorize';
import { Figure } from './figure';
import { summarize } from './stats';

/** Events of one run, published one after another as the loop does (a long run's worth: its record grows as it goes). */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1000);
const event: RunEventBody = { type: 'agent.message', text: 'Let me run the tests.' };

async function publishMs(publish: (runId: string, key: string) => Promise<unknown>): Promise<number[]> {
  const runId = randomUUID();
  const samples: number[] = [];
  for (let i = 0; i < EVENTS + 50; i += 1) {
    const t = performance.now();
    await publish(runId, `${i}:message`);
    if (i >= 50) samples.push(performance.now() - t);
  }
  return samples;
}

/**
 * What publishing once costs a run event: the orchestrator's PublishOnce (its intent committed
 * durably, the publish, its sequence recorded without waiting for the disk) beside the same publish
 * by message id alone, and beside that publish plus the smallest durable PostgreSQL write, on the
 * system's own NATS and database (the orchestrator migrated it).
 */
export async function publishOnceFigures(natsUrl: string, databaseUrl: string): Promise<Figure[]> {
  const nats = new NatsConnectionHolder();
  await nats.connect(natsUrl, 'bench-publish-once');
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl, orchestratorSchema)).initialize();
  try {
    const events = new RunEventPublisher(new JetStreamPublisher(nats), nats, new SystemClock());
    const once = new PublishOnce(events, new PublishedEventRepository(dataSource));
    const bare = summarize(await publishMs((runId, key) => events.publish(runId, key, event)));
    const recorded = summarize(await publishMs((runId, key) => once.publish(runId, key, event)));
    const durable = summarize(await durableInsertMs(databaseUrl));
    const floor = bare.median + durable.median;
    return [
      { name: 'run event by message id alone, median', unit: 'ms', value: bare.median, baseline: bare.median, ratio: 1 },
      { name: 'run event published once (recorded), median', unit: 'ms', value: recorded.median, baseline: bare.median, ratio: recorded.median / bare.median },
      { name: 'run event published once (recorded), p99', unit: 'ms', value: recorded.p99, baseline: bare.p99, ratio: recorded.p99 / bare.p99 },
      { name: 'published once vs by id + durable insert, median', unit: 'ms', value: recorded.median, baseline: floor, ratio: recorded.median / floor },
    ];
  } finally {
    await dataSource.destroy();
    await nats.onApplicationShutdown();
  }
}
