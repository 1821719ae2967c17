import { readFileSync, writeFileSync } from 'node:fs';

const STATUS = '/proc/self/status';
const SAMPLE_EVERY_MS = 2;

function statusKb(field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(STATUS, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  if (!line) throw new Error(`${STATUS} has no ${field}`);
  return Number(line.split(/\s+/)[1]);
}

/** Writing 5 resets the kernel's peak RSS to the current RSS (Linux 4.0 and later). */
function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return statusKb('VmHWM') <= statusKb('VmRSS') + 64;
  } catch (err) {
    // Not Linux, or /proc is read-only here: sample instead.
    if (['ENOENT', 'EACCES', 'EPERM', 'EROFS'].includes((err as NodeJS.ErrnoException).code ?? '')) return false;
    throw err;
  }
}

export type PeakRssMethod = 'kernel' | 'sampled';

/**
 * How far the process's resident memory rose above where it was while `work` ran. The
 * kernel's high-water mark sees every page, even one held between two samples; sampling
 * every few milliseconds is the fallback and can miss a short peak.
 */
export async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growthBytes: number; method: PeakRssMethod }> {
  if (resetPeak()) {
    const before = process.memoryUsage.rss();
    const result = await work();
    return { result, growthBytes: Math.max(0, statusKb('VmHWM') * 1024 - before), method: 'kernel' };
  }
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, SAMPLE_EVERY_MS);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, growthBytes: peak - before, method: 'sampled' };
  } finally {
    clearInterval(sampler);
  }
}
