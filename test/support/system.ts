import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { freePort, portAnswers } from './free-port';
import { createTestDatabase, TestDatabase } from './test-database';
import { TcpProxy } from './tcp-proxy';
import { BUNDLED_CONFIG } from './test-environment';
import { repoRoot } from './repo-root';
import { waitFor } from './wait-for';

const ROOT = repoRoot();

/** One entry of the simulator's request log (the simulator's GET /sim/runs/:runId/requests). */
export interface SimRequest {
  kind: 'turn' | 'compact' | 'count_tokens';
  /** When the simulator received it (ISO 8601). */
  at: string;
  status: number;
  body: {
    max_tokens: number;
    messages: { role: 'user' | 'assistant'; content: string | { type: string; id?: string; tool_use_id?: string; text?: string; content?: unknown }[] }[];
  };
  response: {
    id?: string;
    usage?: { input_tokens: number; output_tokens: number; cache_creation_input_tokens?: number; cache_read_input_tokens?: number };
  };
}

export const SERVICES = ['model-sim', 'executor', 'billing', 'scheduler', 'orchestrator', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface SystemOptions {
  /** Extra scenario folders for the simulator. */
  scenarios?: string[];
  /** Deep-merged over the bundled configuration. */
  config?: Record<string, unknown>;
  /** Services reach PostgreSQL through a proxy the test can cut (cutDatabase) and restore. */
  databaseProxy?: boolean;
  /** Extra environment for every service (a secret such as STRIPE_WEBHOOK_SECRET). */
  env?: Record<string, string>;
}

/**
 * The whole system for one e2e test file: a NATS server and a database of its own, the six
 * services as separate processes on free ports, from the compiled dist/ (npm test builds it).
 */
export class TestSystem {
  readonly ports = {} as Record<ServiceName, number>;
  private readonly processes = new Map<ServiceName, ChildProcess>();
  private readonly logs = new Map<ServiceName, string[]>();
  private nats?: ChildProcess;
  private natsPort = 0;
  private db?: TestDatabase;
  private dbProxy?: TcpProxy;
  private dir = '';
  private configFile = '';

  constructor(private readonly options: SystemOptions = {}) {}

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.ports.gateway}`;
  }
  get simUrl(): string {
    return `http://127.0.0.1:${this.ports['model-sim']}`;
  }
  get natsUrl(): string {
    return `nats://127.0.0.1:${this.natsPort}`;
  }
  get configPath(): string {
    return this.configFile;
  }
  /** Every request the simulator received for a run, errored ones included, oldest first. */
  async simRequests(runId: string): Promise<SimRequest[]> {
    const res = await fetch(`${this.simUrl}/sim/runs/${runId}/requests`);
    return ((await res.json()) as { requests: SimRequest[] }).requests;
  }

  /** The local sandbox provider's folder: a run's workspace is `<this>/<runId>`. */
  get sandboxesDir(): string {
    return path.join(this.dir, 'sandboxes');
  }

  /** The test's own way into its database, never through the proxy. */
  get databaseUrl(): string {
    return this.db!.url;
  }

  /** PostgreSQL unreachable for every service: open connections cut, new ones refused. */
  async cutDatabase(): Promise<void> {
    if (!this.dbProxy) throw new Error('start the system with { databaseProxy: true } to cut its database');
    await this.dbProxy.cut();
  }

  async restoreDatabase(): Promise<void> {
    await this.dbProxy?.restore();
  }

  /** The database URL the services are given: through the proxy when there is one. */
  private get servicesDatabaseUrl(): string {
    if (!this.dbProxy) return this.db!.url;
    const url = new URL(this.db!.url);
    url.hostname = '127.0.0.1';
    url.port = String(this.dbProxy.port);
    return url.toString();
  }

  async start(): Promise<this> {
    if (!existsSync(path.join(ROOT, 'dist/apps/gateway/src/main.js'))) {
      throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
    }
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'cofounder-e2e-'));
    const e2e = path.join(this.dir, 'e2e.yaml');
    writeFileSync(e2e, toYaml({
      // Short enough that a killed orchestrator's step comes back within the test's patience.
      limits: { ackWaitMs: 2000 },
      // Progress well inside the ack wait, so a running tool is kept alive by the executor's own reports.
      time: { toolProgressMs: 500 },
      sandbox: { dataDir: path.join(this.dir, 'sandboxes') },
    }));
    const own = path.join(this.dir, 'test.yaml');
    writeFileSync(own, toYaml(this.options.config ?? {}));
    // COFOUNDER_CONFIG overlays, merged by the services themselves (docs/configuration.md).
    this.configFile = [BUNDLED_CONFIG, e2e, own].join(':');
    await Promise.all([this.startNats(), createTestDatabase('e2e').then((db) => { this.db = db; })]);
    if (this.options.databaseProxy) {
      const target = new URL(this.db!.url);
      this.dbProxy = await TcpProxy.start(await freePort(), { host: target.hostname, port: Number(target.port || 5432) });
    }
    for (const name of SERVICES) this.ports[name] = await freePort();
    await Promise.all(SERVICES.map((name) => this.startService(name)));
    return this;
  }

  /** The NATS server, on the same port and storage as before when it is started again (restartable with stopNats). */
  async startNats(): Promise<void> {
    if (this.nats && this.nats.exitCode === null && this.nats.signalCode === null) return;
    if (!this.natsPort) this.natsPort = await freePort();
    this.nats = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(this.natsPort), '-js', '-sd', path.join(this.dir, 'nats')], { stdio: 'ignore' });
    await waitFor(async () => ((await portAnswers(this.natsPort)) ? true : undefined), 'the test NATS server', 20_000);
  }

  /** Stops the NATS server (SIGTERM: JetStream's file storage is kept for startNats); every service loses its connection. */
  async stopNats(): Promise<void> {
    const nats = this.nats;
    if (!nats || nats.exitCode !== null || nats.signalCode !== null) return;
    await new Promise<void>((resolve) => { nats.once('exit', () => resolve()); nats.kill('SIGTERM'); });
  }

  async startService(name: ServiceName): Promise<void> {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      NATS_URL: this.natsUrl,
      DATABASE_URL: this.servicesDatabaseUrl,
      COFOUNDER_CONFIG: this.configFile,
      ANTHROPIC_BASE_URL: this.simUrl,
      PORT: String(this.ports[name]),
      SIM_SCENARIOS: (this.options.scenarios ?? []).join(':'),
      ...this.options.env,
    };
    const child = spawn(process.execPath, ['--enable-source-maps', path.join(ROOT, `dist/apps/${name}/src/main.js`)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const log: string[] = this.logs.get(name) ?? [];
    this.logs.set(name, log);
    child.stdout!.on('data', (d: Buffer) => log.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => log.push(d.toString()));
    this.processes.set(name, child);
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) =>
      reject(new Error(`${name} exited with ${code} while starting:\n${log.join('').slice(-3000)}`))));
    const healthy = waitFor(async () => {
      const res = await fetch(`http://127.0.0.1:${this.ports[name]}/health`).catch(() => undefined);
      return res?.ok ? true : undefined;
    }, `${name} to be healthy`, 60_000);
    await Promise.race([healthy, exited]);
  }

  /** SIGKILL: no shutdown hook runs, as when a machine dies. */
  async kill(name: ServiceName): Promise<void> {
    const child = this.processes.get(name);
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }

  /** SIGTERM, as an orchestrator or operator would stop it: waits until it has exited. */
  async terminate(name: ServiceName): Promise<NodeJS.Signals | number | null> {
    const child = this.processes.get(name);
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    // Nest re-raises the signal once its shutdown hooks are done, so a clean stop ends by SIGTERM.
    const gone = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    child.kill('SIGTERM');
    return gone;
  }

  logOf(name: ServiceName): string {
    return (this.logs.get(name) ?? []).join('');
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.values()].map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    })));
    await this.stopNats();
    await this.dbProxy?.stop();
    await this.db?.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
