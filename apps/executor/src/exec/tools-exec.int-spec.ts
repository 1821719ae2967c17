import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INestApplication, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NotFound, ToolExecReplyV1, ToolsExec } from '@cofounder/contracts';
import { CofounderConfig, Environment, loadConfig } from '@cofounder/config';
import { JetStreamServer, NatsConnectionHolder, RpcClient } from '@cofounder/messaging';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { BUNDLED_CONFIG, testEnvironment } from '../../../../test/support/test-environment';
import { connectTestNats, uniqueName } from '../../../../test/support/test-nats';
import { ExecutorModule } from '../executor.module';
import { ToolCallRepository } from '../tool-calls/tool-call.repository';
import { waitFor } from '../../../../test/support/wait-for';

describe('tools.exec against real NATS and PostgreSQL', () => {
  let db: TestDatabase;
  let dataDir: string;
  let app: INestApplication;
  let client: NatsConnectionHolder;
  let rpc: RpcClient;
  const owner = `founder_${randomUUID()}`;

  const exec = (runId: string, tool: string, input: Record<string, unknown>, ownerId = owner, toolUseId = `toolu_${randomUUID()}`): Promise<ToolExecReplyV1> =>
    rpc.request(ToolsExec, { runId, ownerId, toolUseId, tool: tool as 'bash', input }, { timeoutMs: 30_000 });

  beforeAll(async () => {
    Logger.overrideLogger(false);
    db = await createTestDatabase('executor');
    dataDir = mkdtempSync(path.join(tmpdir(), 'cf-executor-'));
    const bundled = loadConfig(BUNDLED_CONFIG);
    const moduleRef = await Test.createTestingModule({ imports: [ExecutorModule] })
      .overrideProvider(Environment).useValue(testEnvironment({ DATABASE_URL: db.url }))
      // Progress (and heartbeats) every 100 ms: a dead executor's call is stale after 300 ms.
      .overrideProvider(CofounderConfig).useValue({ ...bundled, time: { ...bundled.time, toolProgressMs: 100 }, sandbox: { ...bundled.sandbox, dataDir } })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    // A queue group of its own: this test's executor answers every request it sends.
    const server = new JetStreamServer(app.get(NatsConnectionHolder), { queue: uniqueName('executor'), ackWaitMs: 30_000, maxDeliver: 5 });
    // inheritAppConfig: a hybrid app registers the microservice's handlers as it connects it,
    // so filters added afterwards (as libs/bootstrap does) never reach them; inheriting the
    // app's config brings in the APP_FILTER ErrorsFilter, which hands DomainErrors to the transport.
    app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
    await app.startAllMicroservices();
    client = await connectTestNats('executor-test-client');
    rpc = new RpcClient(client);
  });

  afterAll(async () => {
    await client?.onApplicationShutdown();
    await app?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs bash in the workspace and keeps the exit code, stdout and stderr apart', async () => {
    const reply = await exec(randomUUID(), 'bash', { command: 'echo out; echo err >&2; exit 3' });
    expect(reply).toMatchObject({ isError: true, exitCode: 3, output: 'exit code: 3\nstdout:\nout\nstderr:\nerr' });
    expect(reply.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('kills the whole process group on timeout and answers with exit code 124', async () => {
    const marker = uniqueName('cfsleep');
    const started = Date.now();
    const reply = await exec(randomUUID(), 'bash', { command: `(exec -a ${marker} sleep 30) & exec -a ${marker} sleep 30`, timeout_ms: 300 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(reply.exitCode).toBe(124);
    expect(reply.output).toMatch(/^exit code: 124 \(timed out after 300 ms;/);
    const left = spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' });
    expect(left.stdout).toBe('');
    expect(left.status).toBe(1);
  });

  it('gives commands a minimal environment, never the executor\'s', async () => {
    process.env.CF_EXECUTOR_TEST_SECRET = 'not-for-commands';
    const reply = await exec(randomUUID(), 'bash', { command: 'env; pwd' });
    delete process.env.CF_EXECUTOR_TEST_SECRET;
    expect(reply.exitCode).toBe(0);
    expect(reply.output).not.toContain('not-for-commands');
    expect(reply.output).not.toContain('DATABASE_URL');
    const [, home] = /HOME=(.*)/.exec(reply.output) ?? [];
    expect(reply.output).toContain(`\n${home}\n`); // pwd is HOME, the workspace
    expect(home).toBe('/home/user/project');
  });

  it('redacts a secret that a command prints', async () => {
    const key = `sk-ant-api03-${'x'.repeat(32)}`;
    const reply = await exec(randomUUID(), 'bash', { command: `echo "key: ${key}" >&2; echo DB_PASSWORD=hunter22` });
    expect(reply.output).not.toContain(key);
    expect(reply.output).not.toContain('hunter22');
    expect(reply.output).toContain('[REDACTED]');
  });

  it('caps a large output, keeping head and tail', async () => {
    const reply = await exec(randomUUID(), 'bash', { command: 'seq 1 2000000' });
    expect(reply.exitCode).toBe(0);
    expect(reply.output.length).toBeLessThan(31_000 + 100);
    expect(reply.output).toMatch(/^exit code: 0\nstdout:\n1\n2\n3\n/);
    expect(reply.output).toMatch(/\[\.\.\. \d+ lines omitted \.\.\.\]/);
    expect(reply.output).toMatch(/1999999\n2000000\nstderr:\n$/);
  });

  it('writes a file that read and bash then see', async () => {
    const runId = randomUUID();
    const write = await exec(runId, 'write', { path: 'src/hello.txt', content: 'hello\nworld\n' });
    expect(write).toMatchObject({ isError: false, output: 'Wrote 12 bytes to src/hello.txt' });
    const read = await exec(runId, 'read', { path: 'src/hello.txt' });
    expect(read).toMatchObject({ isError: false, output: '     1\thello\n     2\tworld' });
    const bash = await exec(runId, 'bash', { command: 'cat src/hello.txt | wc -l' });
    expect(bash.output).toBe('exit code: 0\nstdout:\n2\nstderr:\n');
    const ls = await exec(runId, 'ls', {});
    // .cofounder/ holds the sentinel of the sandbox's awake period.
    expect(ls.output).toBe('.cofounder/\nsrc/');
  });

  it('refuses a path outside the workspace as a tool error, and the run goes on', async () => {
    const runId = randomUUID();
    const escape = await exec(runId, 'read', { path: '../../../../../../etc/passwd' });
    expect(escape).toMatchObject({ isError: true, output: expect.stringContaining('outside the workspace') });
    await exec(runId, 'bash', { command: 'ln -s /etc link' });
    const viaLink = await exec(runId, 'read', { path: 'link/passwd' });
    expect(viaLink).toMatchObject({ isError: true, output: expect.stringContaining('outside the workspace') });
    await exec(runId, 'bash', { command: 'mkfifo pipe' });
    expect(await exec(runId, 'read', { path: 'pipe' })).toMatchObject({ isError: true, output: 'pipe is not a regular file' });
    const next = await exec(runId, 'write', { path: 'ok.txt', content: 'fine' });
    expect(next).toMatchObject({ isError: false, output: 'Wrote 4 bytes to ok.txt' });
  });

  it('answers invalid input with a tool error', async () => {
    const reply = await exec(randomUUID(), 'bash', { cmd: 'ls' });
    expect(reply.isError).toBe(true);
    expect(reply.output).toMatch(/^Invalid input for bash: .*command/);
  });

  it('refuses another founder\'s call to the run as if the run did not exist', async () => {
    const runId = randomUUID();
    await exec(runId, 'write', { path: 'mine.txt', content: 'mine' });
    const err = await exec(runId, 'read', { path: 'mine.txt' }, 'someone_else').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFound);
    expect((err as NotFound).message).toBe(`run ${runId} not found`);
    expect((await exec(runId, 'read', { path: 'mine.txt' })).output).toBe('     1\tmine');
  });

  it('creates one sandbox when a run\'s first calls arrive together', async () => {
    const runId = randomUUID();
    const replies = await Promise.all(Array.from({ length: 5 }, (_, i) => exec(runId, 'write', { path: `f${i}`, content: 'x' })));
    expect(replies.every((r) => !r.isError)).toBe(true);
    expect((await exec(runId, 'ls', {})).output).toBe('.cofounder/\nf0\nf1\nf2\nf3\nf4');
  });

  describe('asked again by toolUseId', () => {
    it('runs a call asked for twice at once only once, and answers every request with its one result', async () => {
      const runId = randomUUID();
      const counting = { command: 'echo ran >> runs.txt; sleep 0.3; wc -l < runs.txt' };
      const [a, b] = await Promise.all([exec(runId, 'bash', counting, owner, 'toolu_count'), exec(runId, 'bash', counting, owner, 'toolu_count')]);
      const later = await exec(runId, 'bash', counting, owner, 'toolu_count');
      // No state: a finished call's reply is exactly what a v1 reader knows.
      expect(a).toEqual({ isError: false, exitCode: 0, output: 'exit code: 0\nstdout:\n1\nstderr:\n', durationMs: expect.any(Number) });
      expect(b).toEqual(a);
      expect(later).toEqual(a);
      expect((await exec(runId, 'bash', { command: 'wc -l < runs.txt' })).output).toBe('exit code: 0\nstdout:\n1\nstderr:\n');
    });

    it('says another founder\'s call does not exist', async () => {
      const runId = randomUUID();
      await exec(runId, 'ls', {}, owner, 'toolu_mine');
      await expect(exec(runId, 'ls', {}, 'someone_else', 'toolu_mine')).rejects.toBeInstanceOf(NotFound);
    });

    it('answers a call left running by a dead executor as running, then interrupted once three heartbeats are missed', async () => {
      const runId = randomUUID();
      await exec(runId, 'ls', {});
      const claimedAt = Date.now();
      await app.get(ToolCallRepository).claim({ runId, toolUseId: 'toolu_orphan', ownerId: owner }, 'bash', 'an-executor-that-died');
      const answers: ToolExecReplyV1[] = [];
      const ask = async () => {
        answers.push(await exec(runId, 'bash', { command: 'echo never' }, owner, 'toolu_orphan'));
        return answers.at(-1)!.state === 'running' ? undefined : true;
      };
      await waitFor(ask, 'the orphaned call answered as interrupted');
      expect(answers[0].state).toBe('running');
      // Not before three heartbeats (3 × 100 ms) were missed.
      expect(Date.now() - claimedAt).toBeGreaterThanOrEqual(300);
      expect(answers.at(-1)).toMatchObject({ state: 'interrupted', isError: true, output: expect.stringMatching(/^This tool call was interrupted/) });
      expect(answers.at(-1)!.output).not.toContain('never');
      expect(await exec(runId, 'bash', { command: 'echo never' }, owner, 'toolu_orphan')).toEqual(answers.at(-1));
    });
  });
});
