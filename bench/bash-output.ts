import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CofounderConfig } from '@cofounder/config';
import { LocalSandboxProvider } from '../apps/executor/src/sandbox/local/local-sandbox.provider';
import { LocalSandbox } from '../apps/executor/src/sandbox/local/local-sandbox';
import { Sandbox } from '../apps/executor/src/sandbox/sandbox';
import { BashTool } from '../apps/executor/src/tools/bash.tool';
import { Figure } from './figure';
import { peakRssGrowth, PeakRssMethod } from './peak-rss';
import { summarize } from './stats';

const RUNS = Number(process.env.BENCH_BASH_RUNS ?? 5);
const FILE_MB = 50;
const FILE = 'big.txt';
const MB = 1024 * 1024;

/** Deterministic lines of ~80 characters, so the tool's line counting has real work to do. */
function writeBigFile(file: string, bytes: number): void {
  const fd = openSync(file, 'w');
  try {
    let written = 0;
    let line = 0;
    while (written < bytes) {
      const lines: string[] = [];
      for (let i = 0; i < 10_000; i += 1, line += 1) {
        lines.push(`line ${String(line).padStart(9, '0')}: the quick brown fox jumps over the lazy dog ${(line * 2654435761) % 4294967296}\n`);
      }
      written += writeSync(fd, lines.join(''));
    }
  } finally {
    closeSync(fd);
  }
}

/** The floor: the same bytes read by the same shell, with no pipe into node. */
function baselineMs(workspace: string, command: string): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { cwd: workspace, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(performance.now() - t) : reject(new Error(`${command}: exit code ${code}`))));
  });
}

/** A middle step: the bytes cross a pipe into node and are dropped, without the tool's capture. */
function pipedIntoNodeMs(workspace: string): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `cat ${FILE}`], { cwd: workspace, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.resume();
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(performance.now() - t) : reject(new Error(`cat into node: exit code ${code}`))));
  });
}

interface ToolRun { ms: number; growthBytes: number; method: PeakRssMethod; outputChars: number }

async function toolRun(tool: BashTool, sandbox: Sandbox): Promise<ToolRun> {
  const t = performance.now();
  const { result, growthBytes, method } = await peakRssGrowth(() => tool.run({ command: `cat ${FILE}` }, { sandbox, signal: new AbortController().signal }));
  const ms = performance.now() - t;
  if (result.isError || !result.output.includes('lines omitted')) {
    throw new Error(`cat ${FILE} through the bash tool: expected a capped, successful result, got ${result.output.slice(0, 300)}`);
  }
  return { ms, growthBytes, method, outputChars: result.output.length };
}

/**
 * The same command captured the naive way, the whole output as one string: the meter must
 * see about the file's size here, or a small figure for the tool would prove nothing. Run
 * last, as the heap it grows stays grown.
 */
async function naiveCaptureGrowthBytes(sandbox: Sandbox): Promise<number> {
  const decoder = new TextDecoder();
  let output = '';
  const { result, growthBytes } = await peakRssGrowth(() => sandbox.exec(`cat ${FILE}`, {
    timeoutMs: 60_000,
    onOutput: (_stream, data) => { output += typeof data === 'string' ? data : decoder.decode(data, { stream: true }); },
  }));
  if (result.kind !== 'exited' || result.exitCode !== 0) throw new Error(`cat ${FILE} captured whole: ${JSON.stringify(result)}`);
  if (output.length < FILE_MB * MB) throw new Error(`cat ${FILE} captured whole: only ${output.length} characters`);
  return growthBytes;
}

/**
 * A 50 MB `cat` through the executor's bash tool and local sandbox, in this process as the
 * executor runs it: wall time against the same `cat` into /dev/null, and how far this
 * process's resident memory rose against the size of the output.
 */
export async function bashOutputFigures(config: CofounderConfig): Promise<Figure[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cofounder-bench-'));
  const provider = new LocalSandboxProvider({ dataDir, memoryLimitMb: config.sandbox.memoryLimitMb });
  const sandbox = await provider.create('bench-bash-output') as LocalSandbox;
  try {
    writeBigFile(path.join(sandbox.hostRoot, FILE), FILE_MB * MB);
    const fileBytes = (await sandbox.stat(FILE))!.size;
    const tool = new BashTool(config);
    // The file into the page cache first; the tool's first run is kept apart, as it pays
    // for compiling its code paths and growing the heap once.
    await baselineMs(sandbox.hostRoot, `cat ${FILE} > /dev/null`);
    const first = await toolRun(tool, sandbox);
    const runs: ToolRun[] = [];
    const floor: number[] = [];
    const piped: number[] = [];
    // Interleaved, so that a noisy moment of the machine falls on both sides.
    for (let i = 0; i < RUNS; i += 1) {
      floor.push(await baselineMs(sandbox.hostRoot, `cat ${FILE} > /dev/null`));
      piped.push(await pipedIntoNodeMs(sandbox.hostRoot));
      runs.push(await toolRun(tool, sandbox));
    }
    const toolMs = summarize(runs.map((r) => r.ms)).median;
    const floorMs = summarize(floor).median;
    const pipedMs = summarize(piped).median;
    const fileMb = fileBytes / MB;
    const firstMb = first.growthBytes / MB;
    const medianMb = summarize(runs.map((r) => r.growthBytes)).median / MB;
    const naiveMb = (await naiveCaptureGrowthBytes(sandbox)) / MB;
    const outputChars = Math.max(...runs.map((r) => r.outputChars));
    console.log(`bash output: ${fileMb.toFixed(1)} MB file, ${RUNS} runs, peak RSS ${runs[0].method}, sandbox ${provider.confined ? 'bubblewrap' : 'unconfined'}`);
    return [
      { name: `bash tool cat ${FILE_MB} MB, median`, unit: 'ms', value: toolMs, baseline: floorMs, ratio: toolMs / floorMs },
      { name: `cat ${FILE_MB} MB piped into node, median`, unit: 'ms', value: pipedMs, baseline: floorMs, ratio: pipedMs / floorMs },
      { name: `bash tool cat ${FILE_MB} MB, peak RSS growth, first run`, unit: 'MB', value: firstMb, baseline: fileMb, ratio: firstMb / fileMb },
      { name: `bash tool cat ${FILE_MB} MB, peak RSS growth, median`, unit: 'MB', value: medianMb, baseline: fileMb, ratio: medianMb / fileMb },
      { name: `control: whole output kept, peak RSS growth`, unit: 'MB', value: naiveMb, baseline: fileMb, ratio: naiveMb / fileMb },
      { name: `bash tool cat ${FILE_MB} MB, result size`, unit: 'chars', value: outputChars, baseline: config.limits.toolOutputChars, ratio: outputChars / config.limits.toolOutputChars },
    ];
  } finally {
    await sandbox.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
