import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { DataSource } from 'typeorm';
import { Clock, CofounderConfig, ConfigModule, loadConfig } from '@cofounder/config';
import { decode, RunStatus, RunWakeV1, Streams, Subjects } from '@cofounder/contracts';
import { JetStreamServer, NatsConnectionHolder, provisionMessaging } from '@cofounder/messaging';
import { ErrorsFilter } from '@cofounder/observability';
import { BUNDLED_CONFIG, testEnvironment } from '../../../test/support/test-environment';
import { LeaderLock } from '../src/leadership/leader-lock';
import { SchedulerMetrics } from '../src/scheduler.metrics';
import { SchedulerModule } from '../src/scheduler.module';
import { TrackSleepUseCase } from '../src/sleeps/track-sleep.use-case';
import { SchedulerTick } from '../src/tick/scheduler-tick';
import { SchedulerTiming } from '../src/tick/scheduler-timing';
import { WakeTimerRepository } from '../src/timers/wake-timer.repository';
import { WakeDueRunsUseCase } from '../src/wakes/wake-due-runs.use-case';

export interface SchedulerWorld {
  natsUrl: string;
  databaseUrl: string;
  config: CofounderConfig;
  timing: SchedulerTiming;
  /** Absent: the system clock. */
  clock?: Clock;
}

/** The bundled configuration with a short lease, so a standby takes over within a second. */
export function shortLeaseConfig(leaseMs: number): CofounderConfig {
  const bundled = loadConfig(BUNDLED_CONFIG);
  return { ...bundled, time: { ...bundled.time, leaseMs } };
}

/** One scheduler instance as startService runs it, on the test's own NATS server and database. */
export class SchedulerInstance {
  private constructor(readonly app: INestApplication) {}

  static async start(world: SchedulerWorld): Promise<SchedulerInstance> {
    let builder = Test.createTestingModule({
      imports: [ConfigModule.forRoot(testEnvironment({ NATS_URL: world.natsUrl, DATABASE_URL: world.databaseUrl })), SchedulerModule],
    })
      .overrideProvider(CofounderConfig).useValue(world.config)
      .overrideProvider(SchedulerTiming).useValue(world.timing);
    if (world.clock) builder = builder.overrideProvider(Clock).useValue(world.clock);
    const app = (await builder.compile()).createNestApplication({ logger: ['error', 'warn'] });
    await app.init();
    app.connectMicroservice({ strategy: new JetStreamServer(app.get(NatsConnectionHolder), { queue: 'scheduler', ackWaitMs: 2_000, maxDeliver: 5 }) })
      .useGlobalFilters(new ErrorsFilter());
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    return new SchedulerInstance(app);
  }

  get lock(): LeaderLock { return this.app.get(LeaderLock); }
  get tick(): SchedulerTick { return this.app.get(SchedulerTick); }
  get timers(): WakeTimerRepository { return this.app.get(WakeTimerRepository); }
  get wakeDueRuns(): WakeDueRunsUseCase { return this.app.get(WakeDueRunsUseCase); }
  get trackSleep(): TrackSleepUseCase { return this.app.get(TrackSleepUseCase); }

  /** The run's row as the tick sees it, or undefined before the scheduler heard of the run. */
  async timerOf(runId: string): Promise<{ wakeAt: Date | null; firedAt: Date | null; eventSeq: number } | undefined> {
    const [row] = await this.app.get(DataSource).query<{ wake_at: Date | null; fired_at: Date | null; event_seq: string }[]>(
      'SELECT wake_at, fired_at, event_seq FROM scheduler.wake_timers WHERE run_id = $1', [runId]);
    return row && { wakeAt: row.wake_at, firedAt: row.fired_at, eventSeq: Number(row.event_seq) };
  }

  async wakesFired(): Promise<number> {
    return (await this.app.get(SchedulerMetrics).wakesFired.get()).values[0]?.value ?? 0;
  }

  /** The lateness of every wake this instance fired, summed. */
  async wakeLatenessMs(): Promise<number> {
    const { values } = await this.app.get(SchedulerMetrics).wakeLateness.get();
    return (values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? NaN) * 1000;
  }

  async sweeps(sweep: string, outcome: string): Promise<number> {
    const { values } = await this.app.get(SchedulerMetrics).sweeps.get();
    return values.find((v) => v.labels.sweep === sweep && v.labels.outcome === outcome)?.value ?? 0;
  }

  async health(): Promise<{ status: number; body: { info?: Record<string, { status: string }> } }> {
    const res = await fetch(`${await this.app.getUrl()}/health`);
    return { status: res.status, body: (await res.json()) as { info?: Record<string, { status: string }> } };
  }

  /** A graceful stop, as on SIGTERM. */
  close(): Promise<void> {
    return this.app.close();
  }
}

/** Creates the streams and buckets, as every service does at start, so the test can read RUNS before a scheduler runs. */
export function provision(nats: NatsConnectionHolder, config: CofounderConfig): Promise<void> {
  return provisionMessaging(nats.jsm, nats.kvm, { eventsMaxAgeDays: config.limits.eventsMaxAgeDays, leaseMs: config.time.leaseMs });
}

export interface ReceivedWake extends RunWakeV1 {
  msgId: string | undefined;
  /** When the RUNS stream stored it. */
  storedAt: Date;
}

/**
 * Reads every run.cmd.wake that lands in RUNS, in the orchestrator's place. A duplicate that the
 * stream's dedupe dropped never shows here: that each wake was also published once is told by
 * the instances' own counters.
 */
export class WakeCollector {
  readonly wakes: ReceivedWake[] = [];
  private stopConsuming?: () => Promise<void>;

  static async start(nats: NatsConnectionHolder): Promise<WakeCollector> {
    const collector = new WakeCollector();
    await nats.jsm.consumers.add(Streams.RUNS, {
      durable_name: 'test-wakes', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: Subjects.runCommand('wake'),
    });
    const messages = await (await nats.js.consumers.get(Streams.RUNS, 'test-wakes')).consume();
    void (async () => {
      for await (const msg of messages) {
        collector.wakes.push({ ...decode(RunWakeV1, msg.json()), msgId: msg.headers?.get('Nats-Msg-Id'), storedAt: new Date(msg.info.timestampNanos / 1e6) });
        msg.ack();
      }
    })();
    collector.stopConsuming = () => messages.close().then(() => undefined);
    return collector;
  }

  forRun(runId: string): ReceivedWake[] {
    return this.wakes.filter((wake) => wake.runId === runId);
  }

  stop(): Promise<void> {
    return this.stopConsuming?.() ?? Promise.resolve();
  }
}

/** Publishes a run.status event with RunEventPublisher's envelope; returns its EVENTS sequence. */
export async function announceStatus(nats: NatsConnectionHolder, runId: string, status: RunStatus, at: Date, wakeAt?: Date): Promise<number> {
  const event = { type: 'run.status', status, ...(wakeAt && { wakeAt: wakeAt.toISOString(), reason: 'Today\'s allowance is spent.' }), runId, at: at.toISOString() };
  const ack = await nats.js.publish(Subjects.runEvent(runId, 'run.status'), JSON.stringify(event), { msgID: `${runId}:status:${status}:${at.getTime()}` });
  return ack.seq;
}
