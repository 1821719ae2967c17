import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INestApplication, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { Subjects, ToolExecReplyV1, ToolName, ToolsExec } from '@cofounder/contracts';
import { CofounderConfig, Environment, LimitsConfig, loadConfig, SandboxConfig, TimeConfig } from '@cofounder/config';
import { JetStreamServer, NatsConnectionHolder, RpcClient } from '@cofounder/messaging';
import { PrivateNatsServer } from '../../../test/support/private-nats';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { BUNDLED_CONFIG, testEnvironment } from '../../../test/support/test-environment';
import { ExecutorModule } from '../src/executor.module';
import { ToolCallEntity } from '../src/tool-calls/tool-call.entity';

export interface ExecutorHarnessOptions {
  time?: Partial<TimeConfig>;
  limits?: Partial<LimitsConfig>;
  sandbox?: Partial<SandboxConfig>;
}

/**
 * The executor as it runs, over a NATS server and a database of its own, with a client to
 * call it: tools.exec has one subject, so an executor on the shared server would answer other
 * test files' calls too.
 */
export class ExecutorHarness {
  readonly owner = `founder_${randomUUID()}`;

  private constructor(
    readonly nats: PrivateNatsServer,
    private readonly db: TestDatabase,
    readonly dataDir: string,
    readonly config: CofounderConfig,
    private readonly app: INestApplication,
    readonly client: NatsConnectionHolder,
    readonly rpc: RpcClient,
  ) {}

  static async start(options: ExecutorHarnessOptions = {}): Promise<ExecutorHarness> {
    Logger.overrideLogger(false);
    const [nats, db] = await Promise.all([PrivateNatsServer.start(), createTestDatabase('executor')]);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cf-executor-'));
    const bundled = loadConfig(BUNDLED_CONFIG);
    const config: CofounderConfig = {
      ...bundled,
      time: { ...bundled.time, ...options.time },
      limits: { ...bundled.limits, ...options.limits },
      sandbox: { ...bundled.sandbox, ...options.sandbox, dataDir },
    };
    const moduleRef = await Test.createTestingModule({ imports: [ExecutorModule] })
      .overrideProvider(Environment).useValue(testEnvironment({ DATABASE_URL: db.url, NATS_URL: nats.url }))
      .overrideProvider(CofounderConfig).useValue(config)
      .compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const server = new JetStreamServer(app.get(NatsConnectionHolder), { queue: 'executor', ackWaitMs: 30_000, maxDeliver: 5 });
    // inheritAppConfig brings in the APP_FILTER that hands DomainErrors to the transport.
    app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
    await app.startAllMicroservices();
    const client = new NatsConnectionHolder();
    await client.connect(nats.url, 'executor-test-client');
    return new ExecutorHarness(nats, db, dataDir, config, app, client, new RpcClient(client));
  }

  /** The run's workspace folder, as the local provider lays it out. */
  workspace(runId: string): string {
    return path.join(this.dataDir, runId);
  }

  exec(runId: string, tool: ToolName, input: Record<string, unknown>, toolUseId = `toolu_${randomUUID()}`): Promise<ToolExecReplyV1> {
    return this.rpc.request(ToolsExec, { runId, ownerId: this.owner, toolUseId, tool, input }, { timeoutMs: 30_000 });
  }

  /** How many tool calls of the run the executor's table holds. */
  async toolCallsOf(runId: string): Promise<number> {
    return this.app.get(DataSource).getRepository(ToolCallEntity).countBy({ runId });
  }

  /** Resolves at the first tool.progress of the run: a call of it is running in the sandbox. */
  progressOf(runId: string): Promise<void> {
    return new Promise((resolve) => {
      const subscription = this.client.nc.subscribe(Subjects.toolProgress(runId), {
        max: 1,
        callback: () => {
          subscription.unsubscribe();
          resolve();
        },
      });
    });
  }

  async close(): Promise<void> {
    await this.client.onApplicationShutdown();
    await this.app.close();
    await this.nats.stop();
    await this.db.drop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
