import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Clock, CofounderConfig, Environment, loadConfig, ManualClock, SystemClock } from '@cofounder/config';
import { MetricsRegistry } from '@cofounder/observability';
import { SimulatorUnderTest, startSimulator } from '../../../model-sim/src/testing/simulator-under-test';
import { endsInCutToolCall, withoutCutToolCall } from '../runs/agent-loop/cut-tool-call';
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
    name: 'adapter-overloaded-now',
    steps: [{ error: { status: 529, type: 'overloaded_error', message: 'Overloaded', retryAfterSeconds: 0 }, times: 1 }],
  },
  // The API sends a 529 without retry-after more often than with it.
  {
    name: 'adapter-overloaded-without-advice',
    steps: [{ error: { status: 529, type: 'overloaded_error', message: 'Overloaded' }, times: 2 }, { content: [{ type: 'text', text: 'Back.' }] }],
  },
  {
    name: 'adapter-long-write',
    repeatLast: true,
    steps: [{ content: [{ type: 'text', text: 'Writing it.' }, { type: 'tool_use', name: 'write', input: { path: 'essay.md', content: 'word '.repeat(60) } }] }],
  },
  {
    name: 'adapter-overloaded-retry-now',
    steps: [{ error: { status: 529, type: 'overloaded_error', message: 'Overloaded', retryAfterSeconds: 0 }, times: 4 }],
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
  let sim: SimulatorUnderTest;
  let simUrl: string;

  beforeAll(async () => {
    sim = await startSimulator(TEST_SCENARIOS);
    simUrl = sim.url;
  });
  afterAll(() => sim?.close());

  /** The real adapter and SDK; the waits are recorded and passed on a manual clock instead of waited. */
  function adapter(limits: Partial<CofounderConfig['limits']> = {}, baseUrl = simUrl) {
    const config = loadConfig(bundledConfig);
    Object.assign(config.limits, limits);
    const registry = new MetricsRegistry();
    const clock = new ManualClock(new Date('2025-03-01T12:00:00Z'));
    const sleeps: number[] = [];
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      clock.advance(ms);
    };
    const notices: Date[] = [];
    const busy = { busy: async (_runId: string, retryAt: Date) => { notices.push(retryAt); } };
    const model = new AnthropicModelAdapter(new Environment({ ANTHROPIC_BASE_URL: baseUrl }), config, registry, clock, sleep, busy);
    const retries = async () => Object.fromEntries(
      (await registry.getSingleMetric('cofounder_model_retries_total')!.get()).values.map((v) => [v.labels.reason, v.value]),
    );
    return { model, sleeps, retries, notices, clock };
  }

  /** The status of each call the simulator answered for the run: how many calls were really made. */
  const simCalls = async (runId: string): Promise<number[]> => {
    const log = await (await fetch(`${simUrl}/sim/runs/${runId}/requests`)).json() as { requests: { status: number }[] };
    return log.requests.map((r) => r.status);
  };

  it('reports what the simulator\'s prompt cache wrote and read, with the hour-long writes apart', async () => {
    const { model } = adapter();
    const runId = randomUUID();
    const goal = `Build something small. [scenario:quick] ${'Keep it tidy. '.repeat(400)}`;
    const cached = (ttl?: '1h'): ModelRequest => ({
      ...request('quick', runId),
      system: [{ type: 'text', text: 'You are a careful builder.', cache_control: { type: 'ephemeral', ...(ttl && { ttl }) } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: goal, cache_control: { type: 'ephemeral', ...(ttl && { ttl }) } }] }],
    });
    const first = await model.complete(cached('1h'));
    expect(first.usage.cacheCreationInputTokens).toBeGreaterThan(1024);
    expect(first.usage).toMatchObject({ cacheReadInputTokens: 0, cacheCreation1hInputTokens: first.usage.cacheCreationInputTokens });
    const second = await model.complete(cached());
    expect(second.usage).toMatchObject({ cacheReadInputTokens: first.usage.cacheCreationInputTokens, cacheCreationInputTokens: 0 });
    expect(second.usage.cacheCreation1hInputTokens).toBeUndefined();
  });

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
    const { model, retries } = adapter();
    const call = request('overloaded-then-ok');
    const reply = await model.complete(call);
    expect(reply.content[0]).toMatchObject({ text: 'Back on track: the model answered after being overloaded.' });
    expect(await retries()).toEqual({ overloaded: 2 });
    expect(await simCalls(call.runId)).toEqual([529, 529, 200]);
  });

  it('backs off after a 529 that gives no retry-after, then returns the reply', async () => {
    const { model, sleeps, retries } = adapter({ modelRetryBaseMs: 400 });
    const reply = await model.complete(request('adapter-overloaded-without-advice'));
    expect(reply.content[0]).toMatchObject({ text: 'Back.' });
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(300);
    expect(sleeps[0]).toBeLessThanOrEqual(400);
    expect(sleeps[1]).toBeGreaterThanOrEqual(600);
    expect(sleeps[1]).toBeLessThanOrEqual(800);
    expect(await retries()).toEqual({ overloaded: 2 });
  });

  it('returns a tool call cut by max_tokens as the loop expects it, and the loop recovers with more room', async () => {
    const { model } = adapter();
    const call = { ...request('adapter-long-write'), maxTokens: 20 };
    const cut = await model.complete(call);
    expect(cut.stopReason).toBe('max_tokens');
    expect(cut.usage.outputTokens).toBe(20);
    expect(endsInCutToolCall(cut)).toBe(true);
    // The loop drops the cut call and keeps the text, so the history stays valid for the next call.
    expect(withoutCutToolCall(cut).content).toEqual([cut.content[0]]);
    const whole = await model.complete({ ...call, maxTokens: 1024 });
    expect(endsInCutToolCall(whole)).toBe(false);
    // Whole, the input the API streamed in pieces is assembled by the SDK.
    expect(whole.content[1]).toMatchObject({ type: 'tool_use', input: { path: 'essay.md', content: 'word '.repeat(60) } });
  });

  it('takes retry-after: 0 as no advice and backs off with jitter, telling the founder once it lasts', async () => {
    const { model, sleeps, notices, clock } = adapter({ modelRetryBaseMs: 1000 });
    const call = request('adapter-overloaded-retry-now');
    const started = clock.now().getTime();
    await expect(model.complete(call)).resolves.toMatchObject({ stopReason: 'end_turn' });
    expect(sleeps).toHaveLength(4);
    sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(750 * 2 ** i);
      expect(ms).toBeLessThanOrEqual(1000 * 2 ** i);
    });
    // From the third retry on, the founder hears when the next try is.
    const retriesAt = sleeps.map((_, i) => started + sleeps.slice(0, i + 1).reduce((a, b) => a + b, 0));
    expect(notices.map((d) => d.getTime())).toEqual(retriesAt.slice(2));
    expect(await simCalls(call.runId)).toEqual([529, 529, 529, 529, 200]);
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

  it('says how many calls failed once the busy time is spent, without the SDK retrying too', async () => {
    // retry-after-ms: 100, so the fifth failure comes at 400 ms and a sixth try would fall past 450.
    const { model, sleeps, retries } = adapter({ modelBusyForMs: 450 });
    const call = request('server-errors-exhausted');
    const err = await model.complete(call).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelUnavailable);
    expect((err as Error).message)
      .toBe('The model service kept failing with server errors (status 500): 5 calls in a row failed over less than a second.');
    expect(sleeps).toEqual([100, 100, 100, 100]);
    expect(await retries()).toEqual({ server_error: 4 });
    expect(await simCalls(call.runId)).toEqual([500, 500, 500, 500, 500]);
    // The founder's "retry" is a new call: the scenario has moved on and answers.
    expect((await model.complete(call)).stopReason).toBe('end_turn');
  });

  it('gives up on a model service that cannot be reached, naming no address', async () => {
    const { model, sleeps, retries } = adapter({ modelBusyForMs: 120_000 }, `http://127.0.0.1:${await freePortNobodyListensOn()}`);
    const err = await model.complete(request('quick')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelUnavailable);
    expect((err as Error).message).toMatch(/^The model service could not be reached: \d+ calls in a row failed over (1\d\d seconds|2 minutes)\.$/);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(120_000);
    expect(await retries()).toEqual({ connection: sleeps.length });
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
    const reply = await moduleRef.get(AnthropicModelAdapter).complete(request('adapter-overloaded-now'));
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
    await first.complete(request('adapter-overloaded-now'));
    await second.complete(request('adapter-overloaded-now'));
    expect(await registry.getSingleMetricAsString('cofounder_model_retries_total')).toContain('cofounder_model_retries_total{reason="overloaded"} 2');
  });

  it('counts every call to the API by model and how it ended', async () => {
    const registry = new MetricsRegistry();
    const model = new AnthropicModelAdapter(new Environment({ ANTHROPIC_BASE_URL: simUrl }), loadConfig(bundledConfig), registry, undefined, async () => undefined);
    await model.complete(request('adapter-overloaded-now'));
    await model.complete(request('adapter-tiny-window')).catch(() => undefined);
    const calls = await registry.getSingleMetricAsString('cofounder_orchestrator_model_calls_total');
    for (const outcome of ['overloaded', 'ok', 'context_window']) {
      expect(calls).toContain(`cofounder_orchestrator_model_calls_total{model="cofounder-sim",outcome="${outcome}"} 1`);
    }
  });
});
