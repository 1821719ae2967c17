import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { connect } from '@nats-io/transport-node';
import { loadConfig, ManualClock } from '@cofounder/config';
import { AnthropicModelAdapter } from '../apps/orchestrator/src/model/anthropic-model.adapter';
import { Environment } from '@cofounder/config';
import { FounderApi } from '../test/support/founder-api';
import { repoRoot } from '../test/support/repo-root';
import { SseClient } from '../test/support/sse-client';
import { TestSystem } from '../test/support/system';
import {
  CapturedSteps, RecordedWorkspace, IgnoredUsage, InMemoryRunStore, InstantTools, OpenBudget, RecordedEvents,
} from '../apps/orchestrator/test/loop-doubles';
import { bashOutputFigures } from './bash-output';
import { billingAuthorizeFigures } from './billing-authorize';
import { promptCachingFigures } from './prompt-caching';
import { publishOnceFigures } from './publish-once';
import { sandboxOverheadFigures } from './sandbox-overhead';
import { snapshotFigures } from './snapshots';
import { sseFanoutFigures } from './sse-fanout';
import { Figure } from './figure';
import { summarize } from './stats';
import { assembleLoop } from '../apps/orchestrator/test/assemble-loop';

const TURNS = Number(process.env.BENCH_TURNS ?? 100);
const ECHOES = Number(process.env.BENCH_ECHOES ?? 2000);

/** The floor: a bare request/reply echo over the same NATS server. */
async function natsEchoMs(natsUrl: string): Promise<number[]> {
  const nc = await connect({ servers: natsUrl });
  nc.subscribe('bench.echo', { callback: (_err, msg) => { msg.respond(msg.data); } });
  const samples: number[] = [];
  for (let i = 0; i < ECHOES + 100; i += 1) {
    const t = performance.now();
    await nc.request('bench.echo', 'x', { timeout: 2000 });
    if (i >= 100) samples.push(performance.now() - t);
  }
  await nc.drain();
  return samples;
}

/** The same loop core, in-process: model calls go to the same simulator; nothing else leaves memory. */
async function inProcessTurnMs(simUrl: string, configFile: string): Promise<number[]> {
  const config = loadConfig(configFile);
  const clock = new ManualClock(new Date());
  const store = new InMemoryRunStore();
  const steps = new CapturedSteps();
  const events = new RecordedEvents();
  const model = new AnthropicModelAdapter(new Environment({ ANTHROPIC_BASE_URL: simUrl }), config);
  const usage = new IgnoredUsage();
  const workspace = new RecordedWorkspace();
  const useCase = assembleLoop({ store, model, tools: new InstantTools(), events, steps, workspace, usage, budget: new OpenBudget(), config, clock });
  const runId = crypto.randomUUID();
  await store.create({ id: runId, projectId: crypto.randomUUID(), ownerId: 'bench', goal: 'bench [scenario:bench-trivial]', verbose: false, model: 'cofounder-sim', tier: 'dev' }, clock.now());
  const samples: number[] = [];
  for (let turn = 1; turn <= TURNS; turn += 1) {
    const t = performance.now();
    await useCase.execute({ runId, turn });
    samples.push(performance.now() - t);
    if (steps.next !== turn + 1) throw new Error(`the in-process loop stopped at turn ${turn}`);
  }
  return samples;
}

/** The distributed loop: per-turn time between consecutive tool starts seen by an SSE client. */
async function distributedTurnMs(system: TestSystem): Promise<number[]> {
  const api = new FounderApi(system.gatewayUrl, 'dev:bench');
  const runId = await api.startRun(await api.createProject('bench'), 'bench [scenario:bench-trivial]');
  const sse = await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events?verbose=true`, { Authorization: 'Bearer dev:bench' });
  const arrivals: number[] = [];
  let seen = 0;
  while (arrivals.length < TURNS + 1) {
    await sse.until((m) => m.event === 'tool.started' && sse.messages.filter((x) => x.event === 'tool.started').length > seen, `turn ${seen + 1}`, 60_000);
    seen += 1;
    arrivals.push(performance.now());
  }
  sse.close();
  return arrivals.slice(1).map((t, i) => t - arrivals[i]);
}

function print(figures: Figure[]): void {
  console.log(`\n${'figure'.padEnd(52)}     value         baseline   ratio`);
  for (const f of figures) {
    const unit = f.unit.padEnd(5);
    console.log(`${f.name.padEnd(52)} ${f.value.toFixed(3).padStart(9)} ${unit}  ${f.baseline.toFixed(3).padStart(9)} ${unit}  ×${f.ratio.toFixed(f.ratio < 0.1 ? 3 : 1)}`);
  }
}

async function main(): Promise<void> {
  const root = repoRoot();
  // Before the system starts, so that nothing else in this process moves its resident memory.
  const bashOutput = await bashOutputFigures(loadConfig(path.join(root, 'config/cofounder.yaml')));
  print(bashOutput);
  const sandboxOverhead = await sandboxOverheadFigures(loadConfig(path.join(root, 'config/cofounder.yaml')));
  print(sandboxOverhead);
  const snapshots = await snapshotFigures(loadConfig(path.join(root, 'config/cofounder.yaml')));
  print(snapshots);
  const promptCaching = await promptCachingFigures();
  print(promptCaching);
  console.log(`Benchmark: ${TURNS} turns, ${ECHOES} echoes. Starting the system…`);
  const system = await new TestSystem({ config: { tiers: { dev: { toolCallCap: TURNS * 3 } }, limits: { ackWaitMs: 30000 } } }).start();
  try {
    const echo = summarize(await natsEchoMs(system.natsUrl));
    const billing = await billingAuthorizeFigures(system.natsUrl, system.databaseUrl, echo);
    const publishOnce = await publishOnceFigures(system.natsUrl, system.databaseUrl);
    const local = summarize(await inProcessTurnMs(system.simUrl, system.configPath));
    const distributed = summarize(await distributedTurnMs(system));
    const sse = await sseFanoutFigures(system);
    const figures: Figure[] = [
      { name: 'nats request/reply echo, median', unit: 'ms', value: echo.median, baseline: echo.median, ratio: 1 },
      { name: 'nats request/reply echo, p99', unit: 'ms', value: echo.p99, baseline: echo.median, ratio: echo.p99 / echo.median },
      { name: 'loop turn in-process (sim + trivial tool), median', unit: 'ms', value: local.median, baseline: echo.median, ratio: local.median / echo.median },
      { name: 'loop turn in-process, p99', unit: 'ms', value: local.p99, baseline: echo.median, ratio: local.p99 / echo.median },
      { name: 'loop turn distributed, median', unit: 'ms', value: distributed.median, baseline: local.median, ratio: distributed.median / local.median },
      { name: 'loop turn distributed, p99', unit: 'ms', value: distributed.p99, baseline: local.p99, ratio: distributed.p99 / local.p99 },
      { name: 'distribution overhead per turn, median', unit: 'ms', value: distributed.median - local.median, baseline: echo.median, ratio: (distributed.median - local.median) / echo.median },
      ...billing,
      ...publishOnce,
      ...sse,
    ];
    print(figures);
    const out = path.join(root, 'bench/results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'latest.jsonl'), `${[...bashOutput, ...sandboxOverhead, ...snapshots, ...promptCaching, ...figures].map((f) => JSON.stringify(f)).join('\n')}\n`);
    console.log(`\nwritten to bench/results/latest.jsonl`);
  } finally {
    await system.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
