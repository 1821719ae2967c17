import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManualClock } from '@cofounder/config';
import { E2bStandIn } from '../../test/e2b-stand-in/e2b-stand-in';
import { E2bSandboxProvider } from './e2b/e2b-sandbox.provider';
import { LocalSandboxProvider } from './local/local-sandbox.provider';
import { ExecOutcome, Sandbox, WORKSPACE } from './sandbox';
import { SandboxFileError, SandboxGone } from './sandbox-errors';
import { SandboxProvider } from './sandbox-provider';
import { ManifestBuilder } from '../snapshots/snapshot-manifest';

/** A provider for one test file, and how to clean up after it. */
interface ProviderUnderTest {
  name: string;
  open(): Promise<{ provider: SandboxProvider; close(): Promise<void> }>;
}

/** The local provider as the executor builds it (bubblewrap from the PATH); its options are changing under issue 8. */
async function openLocal() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cf-contract-'));
  return {
    provider: new LocalSandboxProvider({ dataDir, memoryLimitMb: 512 }),
    close: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/** The e2b provider over the E2B stand-in (e2b's cloud cannot be reached from here). */
async function openE2bStandIn() {
  const standIn = new E2bStandIn();
  return {
    provider: new E2bSandboxProvider({ apiKey: 'e2b_stand_in', template: 'base', idleTimeoutMs: 60_000, loadSdk: async () => standIn.module }),
    close: () => standIn.close(),
  };
}

const PROVIDERS: ProviderUnderTest[] = [
  { name: 'local provider', open: openLocal },
  { name: 'e2b provider over the E2B stand-in', open: openE2bStandIn },
];

interface Ran {
  outcome: ExecOutcome;
  stdout: string;
  stderr: string;
}

async function run(sandbox: Sandbox, command: string, opts: { timeoutMs?: number; signal?: AbortSignal; onStdout?: (text: string) => void } = {}): Promise<Ran> {
  const out = { stdout: '', stderr: '' };
  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  const outcome = await sandbox.exec(command, {
    timeoutMs: opts.timeoutMs ?? 20_000,
    signal: opts.signal,
    onOutput: (stream, data) => {
      const text = typeof data === 'string' ? data : decoders[stream].decode(data, { stream: true });
      out[stream] += text;
      if (stream === 'stdout') opts.onStdout?.(out.stdout);
    },
  });
  return { outcome, ...out };
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function* replay(archive: Buffer): AsyncIterable<Uint8Array> {
  for (let at = 0; at < archive.length; at += 64 * 1024) yield archive.subarray(at, at + 64 * 1024);
}

/** Every entry's path, type, mode and link target, and every file's sha256, as the sandbox's own tools see them. */
const MANIFEST = [
  `find . -mindepth 1 -printf '%P %y %m %l\\n' | LC_ALL=C sort`,
  `find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum`,
].join('; ');

/** A workspace with what a snapshot must keep: binary, empty, executable, private and unicode-named files, links, dependency folders. */
const FILL_WORKSPACE = [
  'set -e',
  'mkdir -p src/deep/er node_modules/left pkg/node_modules/out .venv',
  `printf 'hello\\n' > src/a.txt`,
  'head -c 70000 /dev/urandom > src/deep/er/blob.bin',
  ': > empty',
  `printf '#!/bin/sh\\necho run\\n' > run.sh && chmod 755 run.sh`,
  `printf 'secret' > private && chmod 600 private`,
  `printf 'ü' > 'naïve résumé.txt'`,
  'ln -s src/a.txt link-to-a',
  'ln -s src link-to-dir',
  'ln -s no-such-file dangling',
  'echo x > node_modules/left/index.js',
  'echo y > pkg/node_modules/out/index.js',
  'echo z > .venv/kept',
  'chmod 700 src/deep',
].join('\n');

/**
 * An archive made to escape: `../escape.txt`, `/tmp/abs.txt`, and a link to /tmp followed by
 * `out/through.txt`, beside an ordinary `ok.txt` (GNU tar on this machine, -P to keep the names).
 */
async function escapingArchive(): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cf-escape-'));
  try {
    await mkdir(path.join(dir, 'src'));
    for (const name of ['ok.txt', 'escape.txt', 'abs.txt', 'through.txt']) await writeFile(path.join(dir, 'src', name), name);
    await symlink('/tmp', path.join(dir, 'src', 'out'));
    execFileSync('tar', [
      '-czPf', path.join(dir, 'escape.tgz'), '-C', path.join(dir, 'src'), 'ok.txt',
      '--transform=s,^escape,../escape,', 'escape.txt', '--transform=s,^abs,/tmp/abs,', 'abs.txt',
      'out', '--transform=s,^through,out/through,', 'through.txt',
    ]);
    return await readFile(path.join(dir, 'escape.tgz'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe.each(PROVIDERS)('sandbox contract: $name', ({ open }) => {
  let provider: SandboxProvider;
  let close: () => Promise<void>;
  const opened: Sandbox[] = [];

  beforeAll(async () => {
    ({ provider, close } = await open());
  });

  afterAll(async () => {
    await Promise.allSettled(opened.map((s) => s.kill()));
    await close();
  });

  async function create(): Promise<Sandbox> {
    const sandbox = await provider.create(`run-${randomUUID()}`);
    opened.push(sandbox);
    return sandbox;
  }

  it('shows the workspace at /home/user/project, as its root and as the working directory', async () => {
    const sandbox = await create();
    expect(sandbox.root).toBe(WORKSPACE);
    expect(await run(sandbox, 'pwd')).toEqual({ outcome: { kind: 'exited', exitCode: 0 }, stdout: `${WORKSPACE}\n`, stderr: '' });
  });

  it('streams stdout and stderr apart and reports the exit code', async () => {
    const sandbox = await create();
    expect(await run(sandbox, 'echo out; echo err >&2; exit 3')).toEqual({ outcome: { kind: 'exited', exitCode: 3 }, stdout: 'out\n', stderr: 'err\n' });
    expect((await run(sandbox, 'true')).outcome).toEqual({ kind: 'exited', exitCode: 0 });
  });

  it('stops a command that runs past its timeout and says it timed out', async () => {
    const sandbox = await create();
    const started = Date.now();
    expect((await run(sandbox, 'sleep 30', { timeoutMs: 300 })).outcome).toEqual({ kind: 'timed_out' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('stops a command when its call is aborted', async () => {
    const sandbox = await create();
    const abort = new AbortController();
    const ran = await run(sandbox, 'echo started; sleep 30', { signal: abort.signal, onStdout: (text) => text.includes('started') && abort.abort() });
    expect(ran.outcome).toEqual({ kind: 'aborted' });
  });

  it('writes, reads, lists and describes files, and says what is not there', async () => {
    const sandbox = await create();
    await sandbox.writeFile('src/a.txt', 'hello');
    await sandbox.writeFile('src/b.bin', new Uint8Array([0, 255, 10]));

    expect(Buffer.from(await sandbox.readFile('src/a.txt')).toString()).toBe('hello');
    expect([...(await collect(sandbox.readStream('src/b.bin')))]).toEqual([0, 255, 10]);
    const listing = await sandbox.list('src', 10);
    expect(listing.complete).toBe(true);
    expect(listing.entries.map(({ name, type, size }) => ({ name, type, size })).sort((a, b) => a.name.localeCompare(b.name)))
      .toEqual([{ name: 'a.txt', type: 'file', size: 5 }, { name: 'b.bin', type: 'file', size: 3 }]);
    expect((await sandbox.list('src', 1)).complete).toBe(false);
    expect(await sandbox.stat('src')).toMatchObject({ type: 'directory' });
    expect(await sandbox.stat('src/a.txt')).toMatchObject({ type: 'file', size: 5 });

    await expect(sandbox.readFile('missing.txt')).rejects.toMatchObject({ problem: 'not_found' });
    await expect(collect(sandbox.readStream('missing.txt'))).rejects.toMatchObject({ problem: 'not_found' });
    await expect(sandbox.list('missing', 10)).rejects.toMatchObject({ problem: 'not_found' });
    expect(await sandbox.stat('missing.txt')).toBeNull();
  });

  it('lists a link as a link and stat follows it', async () => {
    const sandbox = await create();
    await sandbox.writeFile('target.txt', 'twelve bytes');
    await run(sandbox, 'ln -s target.txt link');
    expect((await sandbox.list('', 10)).entries.find((e) => e.name === 'link')).toMatchObject({ type: 'symlink' });
    expect(await sandbox.stat('link')).toMatchObject({ type: 'file', size: 12 });
  });

  it('accepts absolute paths under /home/user/project and refuses paths outside it', async () => {
    const sandbox = await create();
    await sandbox.writeFile(`${WORKSPACE}/abs.txt`, 'inside');
    expect(Buffer.from(await sandbox.readFile('abs.txt')).toString()).toBe('inside');
    expect((await run(sandbox, `cat ${WORKSPACE}/abs.txt`)).stdout).toBe('inside');

    for (const outside of ['/etc/passwd', '../escape.txt', '/home/user/x', `${WORKSPACE}/../x`]) {
      await expect(sandbox.readFile(outside)).rejects.toMatchObject({ problem: 'outside_workspace' });
      await expect(sandbox.writeFile(outside, 'x')).rejects.toBeInstanceOf(SandboxFileError);
    }
  });

  it('exports the workspace and imports it into a fresh sandbox byte for byte, modes and links kept, dependency folders left out', async () => {
    const source = await create();
    expect((await run(source, FILL_WORKSPACE)).outcome).toEqual({ kind: 'exited', exitCode: 0 });
    const before = await run(source, MANIFEST);
    const archive = await collect(source.exportWorkspace(['node_modules', '.venv-not-there']));
    await source.kill();

    const target = await create();
    await target.writeFile('stale.txt', 'from before the import');
    await target.importWorkspace(replay(archive));
    const after = await run(target, MANIFEST);

    const withoutDependencies = (manifest: string) => manifest.split('\n').filter((line) => !line.includes('node_modules')).join('\n');
    expect(after.stderr).toBe('');
    expect(after.stdout).toBe(withoutDependencies(before.stdout));
    expect(after.stdout).not.toContain('node_modules');
    expect(after.stdout).not.toContain('stale.txt');
    expect(after.stdout).toContain('.venv/kept');
    expect(after.stdout).toContain('link-to-a l 777 src/a.txt');
    expect(after.stdout).toContain('run.sh f 755');
    expect(after.stdout).toContain('private f 600');
    expect(after.stdout).toContain('src/deep d 700');
  });

  it('writes nothing outside the workspace from an archive made to escape it', async () => {
    const target = await create();
    // Refusing the whole archive or skipping its bad entries are both fine; escaping is not.
    await Promise.allSettled([target.importWorkspace(replay(await escapingArchive()))]);
    const seen = await run(target, 'ls -A /home/user; ls /tmp/abs.txt /tmp/through.txt /home/user/escape.txt 2>/dev/null; true');
    expect(seen.stdout).toBe('project\n');
  });

  it('comes back after a pause with the same workspace, under the id it reports', async () => {
    const sandbox = await create();
    await sandbox.writeFile('kept.txt', 'across the pause');
    await sandbox.pause();

    const resumed = await provider.connect(sandbox.id);
    opened.push(resumed);
    expect(Buffer.from(await resumed.readFile('kept.txt')).toString()).toBe('across the pause');
    expect((await run(resumed, 'cat kept.txt')).stdout).toBe('across the pause');

    const again = await provider.connect(resumed.id);
    expect(again.id).toBe(resumed.id);
    expect(Buffer.from(await again.readFile('kept.txt')).toString()).toBe('across the pause');
  });

  it('ends a command still running when the sandbox is paused', async () => {
    const sandbox = await create();
    let started!: () => void;
    const isRunning = new Promise<void>((resolve) => (started = resolve));
    const ran = run(sandbox, 'echo started; sleep 30', { onStdout: () => started() });
    await isRunning;
    await sandbox.pause();
    expect((await ran).outcome).toEqual({ kind: 'aborted' });
  });

  it('says a killed sandbox is gone', async () => {
    const sandbox = await create();
    await sandbox.kill();
    await expect(provider.connect(sandbox.id)).rejects.toBeInstanceOf(SandboxGone);
  });

  it('exports a hard link as a file of its own and leaves a FIFO out, so the snapshot manifest takes the archive', async () => {
    const source = await create();
    const fill = `set -e; mkdir d; printf 'same bytes' > a; ln a d/b; mkfifo pipe`;
    expect((await run(source, fill)).outcome).toEqual({ kind: 'exited', exitCode: 0 });
    const archive = await collect(source.exportWorkspace([]));

    const manifest = new ManifestBuilder();
    await manifest.write(archive);
    const entries = (await manifest.finish()).entries.map((e) => `${e.path} ${e.type}`).sort();
    expect(entries).toEqual(['a file', 'd directory', 'd/b file']);

    const target = await create();
    await target.importWorkspace(replay(archive));
    const after = await run(target, `find . -mindepth 1 -printf '%P %y %n\\n' | LC_ALL=C sort; cat d/b`);
    expect(after.stdout).toBe('a f 1\nd d 2\nd/b f 1\nsame bytes');
  });

  it('stops a command started through another handle of the same sandbox', async () => {
    const first = await create();
    let started!: () => void;
    const isRunning = new Promise<void>((resolve) => (started = resolve));
    const ran = run(first, 'echo started; sleep 30', { onStdout: () => started() });
    await isRunning;

    const second = await provider.connect(first.id);
    opened.push(second);
    await second.stopCommands();
    expect((await ran).outcome).toEqual({ kind: 'aborted' });
  });

  it('stops the commands still running before it imports a workspace', async () => {
    const sandbox = await create();
    const archive = await collect(sandbox.exportWorkspace([]));
    let started!: () => void;
    const isRunning = new Promise<void>((resolve) => (started = resolve));
    const ran = run(sandbox, 'echo started; sleep 30', { onStdout: () => started() });
    await isRunning;

    await sandbox.importWorkspace(replay(archive));
    expect((await ran).outcome).toEqual({ kind: 'aborted' });
  });

  it('destroys a paused sandbox without resuming it, and leaves one already gone as it is', async () => {
    const sandbox = await create();
    await sandbox.writeFile('kept.txt', 'x');
    await sandbox.pause();

    await provider.destroy(sandbox.id);
    await expect(provider.connect(sandbox.id)).rejects.toBeInstanceOf(SandboxGone);
    await expect(provider.destroy(sandbox.id)).resolves.toBeUndefined();
  });
});

describe('e2b provider over the E2B stand-in', () => {
  let standIn: E2bStandIn;
  let provider: E2bSandboxProvider;

  beforeEach(() => {
    standIn = new E2bStandIn({ newIdOnResume: true });
    provider = new E2bSandboxProvider({ apiKey: 'e2b_stand_in', template: 'base', idleTimeoutMs: 60_000, loadSdk: async () => standIn.module });
  });

  afterEach(() => standIn.close());

  it('reports the id of the sandbox connect returned, not the one it was asked for', async () => {
    const sandbox = await provider.create('run-1');
    await sandbox.writeFile('kept.txt', 'x');
    await sandbox.pause();

    const resumed = await provider.connect(sandbox.id);
    expect(resumed.id).not.toBe(sandbox.id);
    expect(standIn.sandboxIds).toEqual([resumed.id]);
    expect(Buffer.from(await resumed.readFile('kept.txt')).toString()).toBe('x');
    await expect(provider.connect(sandbox.id)).rejects.toBeInstanceOf(SandboxGone);
  });

  it('destroys a paused sandbox through e2b\'s API alone, never connecting to it', async () => {
    const sandbox = await provider.create('run-1');
    await sandbox.pause();
    const connect = jest.spyOn(standIn.module.Sandbox, 'connect');

    await provider.destroy(sandbox.id);
    expect(connect).not.toHaveBeenCalled();
    expect(standIn.stateOf(sandbox.id)).toBe('gone');
  });
});

describe('e2b provider over the E2B stand-in: the sandbox\'s lifetime', () => {
  const IDLE_TIMEOUT_MS = 10 * 60_000;
  let clock: ManualClock;
  let standIn: E2bStandIn;
  let provider: E2bSandboxProvider;

  beforeEach(() => {
    clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    standIn = new E2bStandIn({ clock });
    provider = new E2bSandboxProvider({ apiKey: 'e2b_stand_in', template: 'base', idleTimeoutMs: IDLE_TIMEOUT_MS, loadSdk: async () => standIn.module, clock });
  });

  afterEach(() => standIn.close());

  it('keeps a sandbox used within its timeout, however long the run goes on', async () => {
    const sandbox = await provider.create('run-1');
    for (let use = 0; use < 4; use++) {
      clock.advance(IDLE_TIMEOUT_MS - 60_000);
      await sandbox.writeFile('kept.txt', `use ${use}`);
    }
    expect(standIn.stateOf(sandbox.id)).toBe('running');
    expect((await run(sandbox, 'cat kept.txt')).stdout).toBe('use 3');
  });

  it('lets e2b end a sandbox left alone past its timeout', async () => {
    const sandbox = await provider.create('run-1');
    await sandbox.writeFile('kept.txt', 'x');
    clock.advance(IDLE_TIMEOUT_MS - 1);
    expect(standIn.stateOf(sandbox.id)).toBe('running');
    clock.advance(1);
    expect(standIn.stateOf(sandbox.id)).toBe('gone');
    await expect(provider.connect(sandbox.id)).rejects.toBeInstanceOf(SandboxGone);
  });

  it('moves e2b\'s deadline at most once a minute, from whichever handle is used', async () => {
    const sandbox = await provider.create('run-1');
    const setTimeout = jest.spyOn(standIn, 'setTimeout');
    clock.advance(60_000);
    await sandbox.writeFile('a.txt', 'x');
    await sandbox.readFile('a.txt');
    const again = await provider.connect(sandbox.id);
    clock.advance(59_999);
    await again.stat('a.txt');
    expect(setTimeout).toHaveBeenCalledTimes(1);
    clock.advance(1);
    await sandbox.list('', 10);
    expect(setTimeout).toHaveBeenCalledTimes(2);
  });
});
