import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { CofounderConfig, ManualClock } from '@cofounder/config';
import { dataSourceOptions, migrate } from '@cofounder/persistence';
import { LocalSandboxProvider } from '../apps/executor/src/sandbox/local/local-sandbox.provider';
import { JetStreamSnapshotStore } from '../apps/executor/src/snapshots/jetstream-snapshot-store.adapter';
import { SnapshotRepository } from '../apps/executor/src/snapshots/snapshot.repository';
import { SNAPSHOT_ENTITIES, SNAPSHOT_MIGRATIONS } from '../apps/executor/src/snapshots/snapshots-schema';
import { WorkspaceSnapshots } from '../apps/executor/src/snapshots/workspace-snapshots.service';
import { createTestDatabase } from '../test/support/test-database';
import { connectTestNats, uniqueName } from '../test/support/test-nats';
import { Figure } from './figure';
import { peakRssGrowth } from './peak-rss';

const MB = 1024 * 1024;
const WORKSPACE_MB = Number(process.env.BENCH_SNAPSHOT_MB ?? 200);
const FILES = Number(process.env.BENCH_SNAPSHOT_FILES ?? 20_000);

/** Mostly random bytes (gzip gains nothing), one file in five source-like text; nested folders. */
function makeWorkspace(root: string): void {
  const perFile = Math.floor((WORKSPACE_MB * MB) / FILES);
  const text = Buffer.from('export function add(a: number, b: number): number { return a + b; }\n'.repeat(Math.ceil(perFile / 70))).subarray(0, perFile);
  for (let i = 0; i < FILES; i += 1) {
    const folder = path.join(root, `pkg${i % 50}`, `mod${i % 20}`);
    if (i < 1000) mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `f${i}.${i % 5 === 0 ? 'ts' : 'bin'}`), i % 5 === 0 ? text : randomBytes(perFile));
  }
}

function seconds<T>(work: () => T): { result: T; s: number } {
  const t = performance.now();
  const result = work();
  return { result, s: (performance.now() - t) / 1000 };
}

/**
 * Snapshot and restore of one workspace through the executor's own code (local provider,
 * the NATS object store, the snapshots tables) beside `tar czf` / `tar xzf` of the same
 * folder, and how far this process's resident memory rose meanwhile.
 */
export async function snapshotFigures(config: CofounderConfig): Promise<Figure[]> {
  const base = mkdtempSync(path.join(os.tmpdir(), 'cf-bench-snap-'));
  const db = await createTestDatabase('bench_snap');
  const dataSource = await new DataSource(dataSourceOptions(db.url, { name: 'executor', entities: SNAPSHOT_ENTITIES, migrations: SNAPSHOT_MIGRATIONS })).initialize();
  const nats = await connectTestNats('bench-snapshots');
  const store = new JetStreamSnapshotStore(nats, uniqueName('BENCH_SNAP'));
  try {
    await migrate(dataSource, 'executor');
    const snapshots = new WorkspaceSnapshots(store, new SnapshotRepository(dataSource), config, new ManualClock(new Date()));
    const provider = new LocalSandboxProvider({ dataDir: path.join(base, 'sandboxes'), memoryLimitMb: 512 });
    const runId = randomUUID();
    const sandbox = await provider.create(runId);
    const root = realpathSync(path.join(base, 'sandboxes', runId));
    makeWorkspace(root);

    const tarFile = path.join(base, 'baseline.tar.gz');
    const tarCreate = seconds(() => execFileSync('tar', ['czf', tarFile, '-C', root, '.']));
    const extracted = path.join(base, 'extracted');
    mkdirSync(extracted);
    const tarExtract = seconds(() => execFileSync('tar', ['xzf', tarFile, '-C', extracted]));

    let t = performance.now();
    const take = await peakRssGrowth(() => snapshots.take(runId, 'bench', sandbox, 'manual'));
    const takeS = (performance.now() - t) / 1000;
    rmSync(root, { recursive: true, force: true });
    const empty = await provider.create(runId);
    t = performance.now();
    const restore = await peakRssGrowth(() => snapshots.restoreLatest(runId, 'bench', empty));
    const restoreS = (performance.now() - t) / 1000;
    if (restore.result?.files !== FILES) throw new Error(`restored ${restore.result?.files} files of ${FILES}`);

    const label = `${WORKSPACE_MB} MB / ${FILES} files`;
    console.log(`snapshot archive: ${(take.result.bytes / MB).toFixed(1)} MB stored; memory measured by ${take.method}`);
    return [
      { name: `snapshot ${label} (tar.gz → object store)`, unit: 's', value: takeS, baseline: tarCreate.s, ratio: takeS / tarCreate.s },
      { name: `restore ${label} (object store → workspace)`, unit: 's', value: restoreS, baseline: tarExtract.s, ratio: restoreS / tarExtract.s },
      { name: 'snapshot: executor peak RSS growth (vs workspace)', unit: 'MB', value: take.growthBytes / MB, baseline: WORKSPACE_MB, ratio: take.growthBytes / MB / WORKSPACE_MB },
      { name: 'restore: executor peak RSS growth (vs workspace)', unit: 'MB', value: restore.growthBytes / MB, baseline: WORKSPACE_MB, ratio: restore.growthBytes / MB / WORKSPACE_MB },
    ];
  } finally {
    await store.destroy();
    await nats.onApplicationShutdown();
    await dataSource.destroy();
    await db.drop();
    rmSync(base, { recursive: true, force: true });
  }
}
