import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CofounderConfig } from '@cofounder/config';
import { LocalSandboxProvider } from '../apps/executor/src/sandbox/local/local-sandbox.provider';
import { BashTool } from '../apps/executor/src/tools/bash.tool';
import { Figure } from './figure';
import { summarize } from './stats';

const RUNS = Number(process.env.BENCH_SANDBOX_RUNS ?? 200);

/** The floor: `bash -c true` spawned directly, no sandbox, no tool. */
function bareMs(cwd: string): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', 'true'], { cwd, stdio: 'ignore' });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(performance.now() - t) : reject(new Error(`bash -c true: exit code ${code}`))));
  });
}

/**
 * What confinement costs per command: `true` through the bash tool in the local sandbox as the
 * configuration sets it up (bubblewrap, namespaces, limits, the pids cgroup; network `none`),
 * against `bash -c true` spawned directly, interleaved so a noisy moment falls on both.
 */
export async function sandboxOverheadFigures(config: CofounderConfig): Promise<Figure[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cofounder-bench-sandbox-'));
  const provider = new LocalSandboxProvider({ ...config.sandbox, dataDir, network: 'none' });
  const sandbox = await provider.create('bench-sandbox-overhead');
  const tool = new BashTool(config);
  const toolMs = async (): Promise<number> => {
    const t = performance.now();
    const result = await tool.run({ command: 'true' }, { sandbox, signal: new AbortController().signal });
    if (result.isError) throw new Error(`true through the bash tool: ${result.output}`);
    return performance.now() - t;
  };
  try {
    await toolMs();
    await bareMs(dataDir);
    const confined: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      confined.push(await toolMs());
      bare.push(await bareMs(dataDir));
    }
    const c = summarize(confined);
    const b = summarize(bare);
    return [
      { name: `confined \`true\` via bash tool (n=${RUNS}), median`, unit: 'ms', value: c.median, baseline: b.median, ratio: c.median / b.median },
      { name: 'confined `true` via bash tool, p99', unit: 'ms', value: c.p99, baseline: b.p99, ratio: c.p99 / b.p99 },
      { name: 'confinement overhead per command, median', unit: 'ms', value: c.median - b.median, baseline: b.median, ratio: (c.median - b.median) / b.median },
    ];
  } finally {
    await sandbox.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
