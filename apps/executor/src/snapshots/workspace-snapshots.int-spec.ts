import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { CofounderConfig, loadConfig, ManualClock } from '@cofounder/config';
import { NotFound } from '@cofounder/contracts';
import { NatsConnectionHolder } from '@cofounder/messaging';
import { dataSourceOptions, migrate } from '@cofounder/persistence';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { BUNDLED_CONFIG } from '../../../../test/support/test-environment';
import { connectTestNats, uniqueName } from '../../../../test/support/test-nats';
import { Sandbox } from '../sandbox/sandbox';
import { LocalSandboxProvider } from '../sandbox/local/local-sandbox.provider';
import { SandboxGone } from '../sandbox/sandbox-errors';
import { JetStreamSnapshotStore } from './jetstream-snapshot-store.adapter';
import { SnapshotRepository } from './snapshot.repository';
import { SNAPSHOT_ENTITIES, SNAPSHOT_MIGRATIONS } from './snapshots-schema';
import { WorkspaceSnapshots } from './workspace-snapshots.service';

/** The local provider as these tests need it (they run no commands). */
function localProvider(dataDir: string): LocalSandboxProvider {
  return new LocalSandboxProvider({ dataDir, memoryLimitMb: 512 });
}

const EXCLUDED = ['node_modules', '.venv', '__pycache__'];
const OWNER = 'dev_alice';

describe('WorkspaceSnapshots with the local provider and the NATS object store', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let nats: NatsConnectionHolder;
  let store: JetStreamSnapshotStore;
  let config: CofounderConfig;
  let clock: ManualClock;
  let snapshots: WorkspaceSnapshots;
  let dataDir: string;
  let provider: LocalSandboxProvider;

  beforeAll(async () => {
    db = await createTestDatabase('snap');
    dataSource = await new DataSource(dataSourceOptions(db.url, { name: 'executor', entities: SNAPSHOT_ENTITIES, migrations: SNAPSHOT_MIGRATIONS })).initialize();
    await migrate(dataSource, 'executor');
    nats = await connectTestNats('snapshots-test');
    store = new JetStreamSnapshotStore(nats, uniqueName('SNAP'));
    config = loadConfig(BUNDLED_CONFIG);
    config.sandbox.snapshotsKept = 2;
    clock = new ManualClock(new Date('2026-12-01T10:00:00Z'));
    snapshots = new WorkspaceSnapshots(store, new SnapshotRepository(dataSource), config, clock);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'cf-snap-'));
    provider = localProvider(dataDir);
  });
  afterAll(async () => {
    await store.destroy();
    await nats.onApplicationShutdown();
    await dataSource.destroy();
    await db.drop();
    execFileSync('chmod', ['-R', 'u+rwx', dataDir]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const hostFolder = (runId: string) => realpathSync(path.join(dataDir, runId));
  /** Gone from the host, as an operator or a lost VM would leave it: gone for connect, made anew, empty. */
  const wipe = async (runId: string): Promise<Sandbox> => {
    execFileSync('chmod', ['-R', 'u+rwx', hostFolder(runId)]);
    rmSync(hostFolder(runId), { recursive: true, force: true });
    await expect(provider.connect(runId)).rejects.toBeInstanceOf(SandboxGone);
    return provider.create(runId);
  };

  it('gives back several thousand files byte for byte, with modes and links, without the excluded folders', async () => {
    const runId = randomUUID();
    const sandbox = await provider.create(runId);
    const root = hostFolder(runId);
    const made = makeWorkspace(root);
    const before = describeFolder(root, EXCLUDED);
    expect(before.size).toBeGreaterThan(3000);

    const ref = await snapshots.take(runId, OWNER, sandbox, 'pause');
    expect(ref).toMatchObject({ seq: 1, objectName: `${runId}/1`, files: made.files, reason: 'pause' });
    expect(ref.bytes).toBeGreaterThan(made.bytes / 2);
    expect(await snapshots.latest(runId, OWNER)).toEqual(ref);

    const empty = await wipe(runId);
    expect(readdirSync(hostFolder(runId))).toEqual([]);
    await expect(snapshots.restoreLatest(runId, OWNER, empty)).resolves.toEqual(ref);

    const after = describeFolder(hostFolder(runId), []);
    expect([...after.keys()].filter((p) => EXCLUDED.some((x) => p.split('/').includes(x)))).toEqual([]);
    expect(Object.fromEntries(after)).toEqual(Object.fromEntries(before));

    const manifest = await snapshots.manifest(runId, OWNER, 1);
    expect(manifest.files).toBe(made.files);
    expect(Object.fromEntries(manifest.entries.map((e) => [e.path, entryFacts(e)]))).toEqual(Object.fromEntries(before));
  });

  it('numbers a run\'s snapshots, keeps the newest snapshotsKept and deletes the older objects', async () => {
    const runId = randomUUID();
    const sandbox = await provider.create(runId);
    for (const n of [1, 2, 3]) {
      writeFileSync(path.join(hostFolder(runId), 'turn.txt'), `turn ${n}`);
      await snapshots.take(runId, OWNER, sandbox, 'turn');
    }
    expect((await snapshots.latest(runId, OWNER))?.seq).toBe(3);
    expect((await store.list(`${runId}/`)).sort()).toEqual([`${runId}/2`, `${runId}/2.manifest.json`, `${runId}/3`, `${runId}/3.manifest.json`]);
    await expect(snapshots.restore(runId, OWNER, sandbox, 1)).rejects.toBeInstanceOf(NotFound);
    await snapshots.restore(runId, OWNER, sandbox, 2);
    expect(readFileSync(path.join(hostFolder(runId), 'turn.txt'), 'utf8')).toBe('turn 2');
  });

  it('shows a run\'s snapshots to its owner only', async () => {
    const runId = randomUUID();
    const sandbox = await provider.create(runId);
    writeFileSync(path.join(hostFolder(runId), 'mine.txt'), 'alice');
    await snapshots.take(runId, OWNER, sandbox, 'pause');
    expect(await snapshots.latest(runId, 'dev_mallory')).toBeNull();
    await expect(snapshots.restoreLatest(runId, 'dev_mallory', sandbox)).resolves.toBeNull();
    await expect(snapshots.take(runId, 'dev_mallory', sandbox, 'pause')).rejects.toBeInstanceOf(NotFound);
    await expect(snapshots.manifest(runId, 'dev_mallory', 1)).rejects.toBeInstanceOf(NotFound);
  });

  it('never leaves a failed snapshot registered or stored: the previous one stays the latest', async () => {
    const runId = randomUUID();
    const sandbox = await provider.create(runId);
    writeFileSync(path.join(hostFolder(runId), 'good.txt'), 'good');
    const good = await snapshots.take(runId, OWNER, sandbox, 'turn');
    const failing = Object.assign(Object.create(sandbox) as Sandbox, {
      async *exportWorkspace(exclude: readonly string[]): AsyncIterable<Uint8Array> {
        let sent = 0;
        for await (const chunk of sandbox.exportWorkspace(exclude)) {
          yield chunk;
          sent += chunk.length;
          if (sent > 100_000) throw new Error('the sandbox went away mid-export');
        }
      },
    });
    writeFileSync(path.join(hostFolder(runId), 'big.bin'), randomBytes(1_000_000));
    await expect(snapshots.take(runId, OWNER, failing, 'turn')).rejects.toThrow('the sandbox went away mid-export');
    expect(await snapshots.latest(runId, OWNER)).toEqual(good);
    expect((await store.list(`${runId}/`)).sort()).toEqual([`${runId}/1`, `${runId}/1.manifest.json`]);
    expect((await snapshots.take(runId, OWNER, sandbox, 'turn')).seq).toBe(3);
  });

  it('deletes every snapshot of a run ended longer ago than the retention', async () => {
    const runId = randomUUID();
    const sandbox = await provider.create(runId);
    await snapshots.take(runId, OWNER, sandbox, 'sleep');
    await snapshots.markRunEnded(runId, OWNER, clock.now());
    const retention = config.sandbox.snapshotRetentionMs;
    await snapshots.prune(new Date(clock.now().getTime() + retention - 1));
    expect(await snapshots.latest(runId, OWNER)).not.toBeNull();
    await snapshots.prune(new Date(clock.now().getTime() + retention));
    expect(await snapshots.latest(runId, OWNER)).toBeNull();
    expect(await store.list(`${runId}/`)).toEqual([]);
  });
});

type Facts = { type: 'file'; mode: number; size: number; sha256: string } | { type: 'directory'; mode: number } | { type: 'symlink'; target: string };

function entryFacts(e: { type: string; mode?: number; size?: number; sha256?: string; target?: string }): Facts {
  if (e.type === 'file') return { type: 'file', mode: e.mode!, size: e.size!, sha256: e.sha256! };
  if (e.type === 'directory') return { type: 'directory', mode: e.mode! };
  return { type: 'symlink', target: e.target! };
}

/** Every entry under root, by relative path, as a restore must give it back; links never followed. */
function describeFolder(root: string, exclude: string[], prefix = '', out = new Map<string, Facts>()): Map<string, Facts> {
  for (const name of readdirSync(path.join(root, prefix))) {
    if (exclude.includes(name)) continue;
    const rel = prefix ? `${prefix}/${name}` : name;
    const full = path.join(root, rel);
    const info = lstatSync(full);
    if (info.isSymbolicLink()) out.set(rel, { type: 'symlink', target: readlinkSync(full) });
    else if (info.isDirectory()) {
      out.set(rel, { type: 'directory', mode: info.mode & 0o7777 });
      describeFolder(root, exclude, rel, out);
    } else {
      const data = readFileSync(full);
      out.set(rel, { type: 'file', mode: info.mode & 0o7777, size: data.length, sha256: createHash('sha256').update(data).digest('hex') });
    }
  }
  return out;
}

/** A workspace with what real ones hold; returns the files and bytes a snapshot of it keeps. */
function makeWorkspace(root: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const file = (rel: string, data: Buffer | string, mode = 0o644) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), data);
    chmodSync(path.join(root, rel), mode);
    files += 1;
    bytes += Buffer.byteLength(data);
  };
  const modes = [0o644, 0o755, 0o444, 0o600, 0o640];
  for (let i = 0; i < 3200; i += 1) {
    const folder = `src/d${i % 40}/e${i % 7}${i % 3 ? `/f${i % 5}` : ''}`;
    const size = i % 10 === 0 ? 0 : (i * 7919) % 6000;
    file(`${folder}/file-${i}.${i % 2 ? 'bin' : 'txt'}`, i % 2 ? randomBytes(size) : `line ${i}\n`.repeat(size / 8), modes[i % modes.length]);
  }
  file('assets/large.bin', randomBytes(6 * 1024 * 1024));
  file('données/résumé 2026.txt', 'unicode and a space');
  file('日本語/ファイル名.md', '# 日本語');
  file('with space/a b c.txt', 'spaces');
  file('emoji 🚀/launch.sh', '#!/bin/sh\necho go\n', 0o755);
  file(`deep/${'long-folder-name/'.repeat(12)}file-with-a-long-path.txt`, 'over 100 bytes of path');
  file('ro/inside.txt', 'in a read-only folder', 0o444);
  chmodSync(path.join(root, 'ro'), 0o555);
  file('hard/original.txt', 'linked twice');
  linkSync(path.join(root, 'hard/original.txt'), path.join(root, 'hard/second.txt'));
  files += 1;
  bytes += 'linked twice'.length;
  symlinkSync('src/d1/e1/file-1.bin', path.join(root, 'link-to-file'));
  symlinkSync('src/d2', path.join(root, 'link-to-folder'));
  symlinkSync('../../d3/e3', path.join(root, 'src/d0/e0/up-two'));
  symlinkSync('does/not/exist', path.join(root, 'dangling'));
  symlinkSync('/etc/hostname', path.join(root, 'points-outside'));
  for (const excluded of ['node_modules/left-pad/index.js', 'app/node_modules/x/y.js', '.venv/bin/python', 'src/d0/__pycache__/m.pyc']) {
    mkdirSync(path.dirname(path.join(root, excluded)), { recursive: true });
    writeFileSync(path.join(root, excluded), 'reinstalled, not restored');
  }
  return { files, bytes };
}
