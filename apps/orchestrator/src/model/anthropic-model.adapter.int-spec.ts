import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Clock, CofounderConfig, Environment, loadConfig, ManualClock, SystemClock } from '@cofounder/config';
import { MetricsRegistry } from '@cofounder/observability';
import { ModelSimModule } from '../../../model-sim/src/model-sim.module';
import { ModelRequest } from '../runs/ports';
import { AnthropicModelAdapter } from './anthropic-model.adapter';
import { ContextWindowExceeded } from './context-window-exceeded.error';
import { ModelRefusedCall } from './model-refused-call.error';
import { ModelUnavailable } from './model-unavailable.error';

const TINY_WINDOW = 50;
/** Scenarios only these tests need, beside the bundled ones the e2e tests share. */
const TEST_SCENARIOS = [
  { name: 'adapter-tiny-window', contextWindow: TINY_WINDOW, steps: [{ content: [{ type: 'text', text: 'never reached' }] }] },
  {
    name: 'adapter-bad-key',
    steps: [{ error: { status: 401, type: 'authentication_error', message: 'invalid x-api-key' }, times: 10 }],
  },
  {
    name: 'adapter-overloaded-silent',
    steps: [{ error: { status: 529, type: 'overloaded_error', message: 'Overloaded', retryAfterSeconds: 0 }, times: 1 }],
  },
];

const TOOLS: Tool[] = [{ name: 'bash', description: 'Run a shell command', input_schema: { type: 'object', properties: {} } }];
const bundledConfig = path.resolve(__dirname, '../../../../config/cofounder.yaml');

function request(scenario: string, runId = randomUUID()): ModelRequest {
  return {
    runId,
    model: 'cofounder-sim',
    maxTokens: 1024,
    system: 'You are a careful builder.',
    messages: [{ role: 'user', content: `Build something small. [scenario:${scenario}]` }],
    tools: TOOLS,
  };
}

async function freePortNobodyListensOn(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('AnthropicModelAdapter against the simulator', () => {
  let sim: NestExpressApplication;
  let simUrl: string;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'adapter-scenarios-'));
    for (const s of TEST_SCENARIOS) writeFileSync(path.join(folder, `${s.name}.json`), JSON.stringify(s));
    process.env.SIM_SCENARIOS = folder;
    Logger.overrideLogger(['error']);
    const moduleRef = await Test.createTestingModule({ imports: [ModelSimModule] }).compile();
    sim = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
    await sim.listen(0, '127.0.0.1');
    simUrl = `http://127.0.0.1:${(sim.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await sim?.close();
    delete process.env.SIM_SCENARIOS;
    rmSync(folder, { recursive: true, force: true });
  });

  /** The real adapter and SDK; only the waits are recorded instead of waited. */
  function adapter(limits: Partial<CofounderConfig['limits']> = {}, baseUrl = simUrl) {
    const config = loadConfig(bundledConfig);
    Object.assign(config.limits, limits);
    const registry = new MetricsRegistry();
    const sleeps: number[] = [];
    const sleep = async (ms: number) => {
      sleeps.push(ms);
    };
    const model = new AnthropicModelAdapter(
      new Environment({ ANTHROPIC_BASE_URL: baseUrl }), config, registry, new ManualClock(new Date()), sleep,
    );
    const retries = async () => Object.fromEntries(
      (await registry.getSingleMetric('cofounder_model_retries_total')!.get()).values.map((v) => [v.labels.reason, v.value]),
    );
    return { model, sleeps, retries };
  }

  /** The status of each call the simulator answered for the run: how many calls were really made. */
  const simCalls = async (runId: string): Promise<number[]> => {
    const log = await (await fetch(`${simUrl}/sim/runs/${runId}/requests`)).json() as { requests: { status: number }[] };
    return log.requests.map((r) => r.status);
  };

  it('waits what retry-after asks after a 429, then returns the reply', async () => {
    const { model, sleeps, retries } = adapter();
    const call = request('rate-limited-then-ok');
    const reply = await model.complete(call);
    expect(reply.stopReason).toBe('end_turn');
    expect(sleeps).toEqual([1000, 1000]);
    expect(await retries()).toEqual({ rate_limited: 2 });
    expect(await simCalls(call.runId)).toEqual([429, 429, 200]);
  });


  it('retries a 529 and returns the reply', async () => {
    const { model, sleeps, retries } = adapter();
    const call = request('overloaded-then-ok');
    const reply = await model.complete(call);
    expect(reply.content[0]).toMatchObject({ text: 'Back on track: the model answered after being overloaded.' });
    // The simulator says retry-after: 0, and it is obeyed rather than backed off.
    expect(sleeps).toEqual([0, 0]);
    expect(await retries()).toEqual({ overloaded: 2 });
    expect(await simCalls(call.runId)).toEqual([529, 529, 200]);
  });

  it('retries an answer that breaks off mid-stream, backing off', async () => {
    const { model, sleeps, retries } = adapter({ modelRetryBaseMs: 400 });
    const reply = await model.complete(request('overloaded-mid-stream-then-ok'));
    expect(reply.content[0]).toMatchObject({ text: 'Done: the answer came through whole on the second try.' });
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(300);
    expect(sleeps[0]).toBeLessThanOrEqual(400);
    expect(await retries()).toEqual({ stream_error: 1 });
  });

  it('says how many calls failed when the retries run out, without the SDK retrying too', async () => {
    const { model, sleeps, retries } = adapter({ modelRetries: 4 });
    const call = request('server-errors-exhausted');
    const err = await model.complete(call).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelUnavailable);
    expect((err as Error).message).toBe('The model service kept failing with server errors (status 500): 5 calls in a row failed.');
    expect(sleeps).toEqual([100, 100, 100, 100]);
    expect(await retries()).toEqual({ server_error: 4 });
    expect(await simCalls(call.runId)).toEqual([500, 500, 500, 500, 500]);
    // The founder's "retry" is a new call: the scenario has moved on and answers.
    expect((await model.complete(call)).stopReason).toBe('end_turn');
  });

  it('gives up on a model service that cannot be reached, naming no address', async () => {
    const { model, sleeps, retries } = adapter({ modelRetries: 2 }, `http://127.0.0.1:${await freePortNobodyListensOn()}`);
    const err = await model.complete(request('quick')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelUnavailable);
    expect((err as Error).message).toBe('The model service could not be reached: 3 calls in a row failed.');
    expect(sleeps).toHaveLength(2);
    expect(await retries()).toEqual({ connection: 2 });
  });

  it('throws ContextWindowExceeded for a prompt too long, with the window it states, without retrying', async () => {
    const { model, sleeps, retries } = adapter();
    const call = request('adapter-tiny-window');
    const err = await model.complete(call).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContextWindowExceeded);
    expect((err as ContextWindowExceeded).maximum).toBe(TINY_WINDOW);
    expect(sleeps).toEqual([]);
    expect(await retries()).toEqual({});
    expect(await simCalls(call.runId)).toEqual([400]);
  });

  it('does not retry a refused API key, and says so in plain words', async () => {
    const { model, sleeps } = adapter();
    const call = request('adapter-bad-key');
    const err = await model.complete(call).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelRefusedCall);
    expect((err as Error).message).toBe('The model service refused the call (status 401): the API key was not accepted.');
    expect(sleeps).toEqual([]);
    expect(await simCalls(call.runId)).toEqual([401]);
  });

  it('does not retry any other bad request', async () => {
    const { model, sleeps } = adapter();
    const call = request('no-such-scenario');
    const err = await model.complete(call).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelRefusedCall);
    expect(err).not.toBeInstanceOf(ContextWindowExceeded);
    expect((err as Error).message).toBe('The model service refused the call (status 400): the request was not accepted.');
    expect(sleeps).toEqual([]);
    expect(await simCalls(call.runId)).toEqual([400]);
  });

  it('is built by Nest from the providers the orchestrator has, and then waits for real', async () => {
    const registry = new MetricsRegistry();
    const moduleRef = await Test.createTestingModule({
      providers: [
        { provide: Environment, useValue: new Environment({ ANTHROPIC_BASE_URL: simUrl }) },
        { provide: CofounderConfig, useValue: loadConfig(bundledConfig) },
        { provide: MetricsRegistry, useValue: registry },
        { provide: Clock, useClass: SystemClock },
        AnthropicModelAdapter,
      ],
    }).compile();
    const reply = await moduleRef.get(AnthropicModelAdapter).complete(request('adapter-overloaded-silent'));
    expect(reply.stopReason).toBe('end_turn');
    expect(await registry.getSingleMetricAsString('cofounder_model_retries_total')).toContain('{reason="overloaded"} 1');
  });

  it('counts retries on one counter when two adapters share a registry', async () => {
    const config = loadConfig(bundledConfig);
    const registry = new MetricsRegistry();
    const noWait = async () => undefined;
    const env = new Environment({ ANTHROPIC_BASE_URL: simUrl });
    const first = new AnthropicModelAdapter(env, config, registry, undefined, noWait);
    const second = new AnthropicModelAdapter(env, config, registry, undefined, noWait);
    await first.complete(request('adapter-overloaded-silent'));
    await second.complete(request('adapter-overloaded-silent'));
    expect(await registry.getSingleMetricAsString('cofounder_model_retries_total')).toContain('cofounder_model_retries_total{reason="overloaded"} 2');
  });

  it('counts every call to the API by model and how it ended', async () => {
    const registry = new MetricsRegistry();
    const model = new AnthropicModelAdapter(new Environment({ ANTHROPIC_BASE_URL: simUrl }), loadConfig(bundledConfig), registry, undefined, async () => undefined);
    await model.complete(request('adapter-overloaded-silent'));
    await model.complete(request('adapter-tiny-window')).catch(() => undefined);
    const calls = await registry.getSingleMetricAsString('cofounder_orchestrator_model_calls_total');
    for (const outcome of ['overloaded', 'ok', 'context_window']) {
      expect(calls).toContain(`cofounder_orchestrator_model_calls_total{model="cofounder-sim",outcome="${outcome}"} 1`);
    }
  });
});
