import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { CofounderConfig } from '@cofounder/config';
import { ToolProgressV1, Unavailable } from '@cofounder/contracts';
import { MetricsRegistry } from '@cofounder/observability';
import { InMemorySandbox } from '../../test/in-memory-sandbox';
import { InMemoryToolCalls } from '../../test/in-memory-tool-calls';
import { ExecutorInstance } from '../tool-calls/executor-instance';
import { ToolCallRepository } from '../tool-calls/tool-call.repository';
import { SandboxPool } from '../sandbox/sandbox-pool.service';
import { BashTool } from '../tools/bash.tool';
import { EditTool } from '../tools/edit.tool';
import { GlobTool } from '../tools/glob.tool';
import { GrepTool } from '../tools/grep.tool';
import { LsTool } from '../tools/ls.tool';
import { ReadTool } from '../tools/read.tool';
import { WriteTool } from '../tools/write.tool';
import { ToolCall, ToolExecUseCase } from './tool-exec.use-case';
import { ToolProgressPublisher } from './tool-progress.publisher';

const config = { limits: { toolTimeoutMs: 1000, toolTimeoutMaxMs: 5000, toolOutputChars: 100 }, time: { toolProgressMs: 10 } } as CofounderConfig;

describe('ToolExecUseCase', () => {
  let sandbox: InMemorySandbox;
  let useCase: ToolExecUseCase;
  let progress: ToolProgressV1[];
  let calls: InMemoryToolCalls;
  let pool: SandboxPool;
  let publisher: ToolProgressPublisher;
  let made = 0;
  let forgotten: string[];
  const runId = '00000000-0000-4000-8000-000000000001';
  const call = (tool: string, input: Record<string, unknown>, toolUseId = `toolu_${++made}`): ToolCall =>
    ({ runId, ownerId: 'founder', toolUseId, tool, input });
  /** Another executor process over the same table and sandbox. */
  const executorProcess = (metrics = new Registry()) => new ToolExecUseCase(
    pool, new BashTool(config), new ReadTool(), new WriteTool(), new EditTool(), new GlobTool(), new GrepTool(), new LsTool(), metrics as MetricsRegistry,
    publisher, config, calls as unknown as ToolCallRepository, new ExecutorInstance(),
  );

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    sandbox = new InMemorySandbox();
    forgotten = [];
    pool = { forRun: async () => sandbox, forget: (id: string) => forgotten.push(id) } as unknown as SandboxPool;
    progress = [];
    publisher = { publish: (p: ToolProgressV1) => progress.push(p) } as unknown as ToolProgressPublisher;
    calls = new InMemoryToolCalls();
    useCase = executorProcess();
  });

  it('answers an unknown tool with a result the model can read', async () => {
    const reply = await useCase.execute(call('patch', { path: 'a' }));
    expect(reply).toMatchObject({ isError: true, output: 'Unknown tool "patch". The tools are: bash, read, write, edit, glob, grep, ls.' });
  });

  it('answers invalid input with what is wrong', async () => {
    const reply = await useCase.execute(call('bash', { timeout_ms: 'soon' }));
    expect(reply.isError).toBe(true);
    expect(reply.output).toMatch(/^Invalid input for bash: .*command/);
    expect(reply.output).toMatch(/timeout_ms/);
  });

  it('runs edit, glob and grep, and turns their failures into tool errors', async () => {
    await sandbox.writeFile('src/a.ts', 'let a = 1;\n');
    expect(await useCase.execute(call('edit', { path: 'src/a.ts', old_string: 'let', new_string: 'const' }))).toMatchObject({ isError: false, output: 'Replaced 1 occurrence in src/a.ts' });
    expect(await useCase.execute(call('glob', { pattern: '**/*.ts' }))).toMatchObject({ isError: false, output: 'src/a.ts' });
    expect(await useCase.execute(call('grep', { pattern: 'const', output_mode: 'count' }))).toMatchObject({ isError: false, output: 'src/a.ts:1' });
    expect(await useCase.execute(call('edit', { path: 'src/a.ts', old_string: 'nope', new_string: 'x' }))).toMatchObject({ isError: true, output: expect.stringMatching(/^old_string was not found/) });
    expect(await useCase.execute(call('grep', { pattern: '[' }))).toMatchObject({ isError: true, output: expect.stringMatching(/^Invalid regular expression/) });
    expect(await useCase.execute(call('glob', { pattern: '*', path: '../..' }))).toMatchObject({ isError: true, output: expect.stringContaining('outside the workspace') });
  });

  it('turns a refused path into a tool error', async () => {
    const reply = await useCase.execute(call('write', { path: '../../etc/cron.d/x', content: 'x' }));
    expect(reply).toMatchObject({ isError: true, output: expect.stringContaining('outside the workspace') });
  });

  it('formats bash output, caps the timeout and reports the exit code', async () => {
    let timeoutMs = 0;
    sandbox.onExec = async (_command, opts) => {
      timeoutMs = opts.timeoutMs;
      opts.onOutput('stdout', Buffer.from('built\n'));
      opts.onOutput('stderr', 'warning: slow\n');
      return { kind: 'exited', exitCode: 2 };
    };
    const reply = await useCase.execute(call('bash', { command: 'make', timeout_ms: 60_000 }));
    expect(timeoutMs).toBe(5000);
    expect(reply).toMatchObject({ isError: true, exitCode: 2, output: 'exit code: 2\nstdout:\nbuilt\nstderr:\nwarning: slow' });
  });

  it('says a command timed out, with exit code 124', async () => {
    sandbox.onExec = async () => ({ kind: 'timed_out' });
    const reply = await useCase.execute(call('bash', { command: 'sleep 9' }));
    expect(reply.exitCode).toBe(124);
    expect(reply.output).toMatch(/^exit code: 124 \(timed out after 1000 ms;/);
  });

  it('redacts secrets in every result', async () => {
    await sandbox.writeFile('.env', 'STRIPE_SECRET_KEY=sk_live_abcdefghijklmnop\n');
    const reply = await useCase.execute(call('read', { path: '.env' }));
    expect(reply.output).toBe('     1\tSTRIPE_SECRET_KEY=[REDACTED]');
    const found = await useCase.execute(call('grep', { pattern: 'STRIPE', output_mode: 'content' }));
    expect(found).toMatchObject({ isError: false, output: '.env:1:STRIPE_SECRET_KEY=[REDACTED]' });
  });

  it('sends every result out as the sandbox shows it, its host paths hidden', async () => {
    sandbox.hostPath = '/srv/cofounder/sandboxes/7c8f4b7e';
    sandbox.onExec = async (_command, opts) => {
      opts.onOutput('stderr', 'Error: ENOENT /srv/cofounder/sandboxes/7c8f4b7e/src/app.js\n');
      return { kind: 'exited', exitCode: 1 };
    };
    const reply = await useCase.execute(call('bash', { command: 'node src/app.js' }));
    expect(reply.output).toContain('Error: ENOENT /home/user/project/src/app.js');
    expect(reply.output).not.toContain('/srv/cofounder');
  });

  it('a failure of the sandbox itself is no result: the call runs again when asked again, in a sandbox opened anew', async () => {
    let fail = true;
    sandbox.onExec = async (_command, opts) => {
      if (fail) throw new Error('the sandbox went away');
      opts.onOutput('stdout', 'built\n');
      return { kind: 'exited', exitCode: 0 };
    };
    const metrics = new Registry();
    const executor = executorProcess(metrics);
    const asked = call('bash', { command: 'make' });
    await expect(executor.execute(asked)).rejects.toThrow('the sandbox went away');
    expect(forgotten).toEqual([runId]);
    fail = false;
    expect(await executor.execute(asked)).toMatchObject({ isError: false, output: 'exit code: 0\nstdout:\nbuilt\nstderr:\n' });
    const timed = await metrics.getSingleMetricAsString('cofounder_executor_tool_duration_seconds');
    for (const outcome of ['failed', 'ok']) expect(timed).toContain(`cofounder_executor_tool_duration_seconds_count{tool="bash",outcome="${outcome}"} 1`);
  });

  it('stopped by its own shutdown, a command gives the model no result: the next executor runs it', async () => {
    sandbox.onExec = (_command, opts) => new Promise((resolve) => {
      opts.signal?.addEventListener('abort', () => resolve({ kind: 'aborted' }));
    });
    const asked = call('bash', { command: 'npm install' });
    const running = useCase.execute(asked);
    await new Promise((resolve) => setImmediate(resolve));
    useCase.onApplicationShutdown();
    await expect(running).rejects.toBeInstanceOf(Unavailable);
    sandbox.onExec = async (_command, opts) => {
      opts.onOutput('stdout', 'installed\n');
      return { kind: 'exited', exitCode: 0 };
    };
    expect(await executorProcess().execute(asked)).toMatchObject({ isError: false, output: 'exit code: 0\nstdout:\ninstalled\nstderr:\n' });
  });

  it('writes and lists', async () => {
    expect((await useCase.execute(call('write', { path: 'src/é.txt', content: 'é' }))).output).toBe('Wrote 2 bytes to src/é.txt');
    expect((await useCase.execute(call('ls', {}))).output).toBe('src/');
    expect((await useCase.execute(call('ls', { path: 'src/é.txt' }))).output).toBe('src/é.txt is not a directory; read it with read');
  });

  describe('while a tool runs', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('reports progress every toolProgressMs, and no more once it has answered', async () => {
      let finish!: () => void;
      sandbox.onExec = () => new Promise((resolve) => {
        finish = () => resolve({ kind: 'exited', exitCode: 0 });
      });
      const replied = useCase.execute(call('bash', { command: 'make' }, 'toolu_make'));
      await jest.advanceTimersByTimeAsync(35);
      expect(progress).toEqual([10, 20, 30].map((elapsedMs) => ({ runId, toolUseId: 'toolu_make', elapsedMs })));
      finish();
      expect((await replied).durationMs).toBe(35);
      await jest.advanceTimersByTimeAsync(100);
      expect(progress).toHaveLength(3);
    });
  });
  describe('asked again for the same call', () => {
    it('answers the stored result once it has finished, without running it again', async () => {
      let runs = 0;
      sandbox.onExec = async (_command, opts) => {
        runs += 1;
        opts.onOutput('stdout', `run ${runs}\n`);
        return { kind: 'exited', exitCode: 0 };
      };
      const first = await useCase.execute(call('bash', { command: 'date >> log' }, 'toolu_once'));
      const again = await executorProcess().execute(call('bash', { command: 'date >> log' }, 'toolu_once'));
      expect(runs).toBe(1);
      expect(first).toEqual({ isError: false, exitCode: 0, output: 'exit code: 0\nstdout:\nrun 1\nstderr:\n', durationMs: expect.any(Number) });
      expect(again).toEqual(first);
    });

    it('attaches to the command while this process runs it: one run, one answer for both', async () => {
      let runs = 0;
      let finish!: () => void;
      sandbox.onExec = (_command, opts) => new Promise((resolve) => {
        runs += 1;
        finish = () => {
          opts.onOutput('stdout', 'built\n');
          resolve({ kind: 'exited', exitCode: 0 });
        };
      });
      const first = useCase.execute(call('bash', { command: 'make' }, 'toolu_make'));
      const again = useCase.execute(call('bash', { command: 'make' }, 'toolu_make'));
      await new Promise((resolve) => setImmediate(resolve));
      finish();
      expect(await again).toEqual(await first);
      expect(runs).toBe(1);
    });

    it('says another owner\'s call does not exist', async () => {
      await useCase.execute(call('ls', {}, 'toolu_mine'));
      await expect(useCase.execute({ ...call('ls', {}, 'toolu_mine'), ownerId: 'someone-else' })).rejects.toThrow('not found');
    });

    describe('while another executor runs it', () => {
      beforeEach(() => jest.useFakeTimers());
      afterEach(() => jest.useRealTimers());

      it('answers running while that executor runs it and keeps its heartbeat, then its result', async () => {
        let finish!: () => void;
        sandbox.onExec = () => new Promise((resolve) => {
          finish = () => resolve({ kind: 'exited', exitCode: 0 });
        });
        const running = executorProcess().execute(call('bash', { command: 'make' }, 'toolu_make'));
        await jest.advanceTimersByTimeAsync(100);
        expect(await useCase.execute(call('bash', { command: 'make' }, 'toolu_make'))).toMatchObject({ state: 'running', isError: true });
        finish();
        const result = await running;
        expect(result).toMatchObject({ isError: false });
        expect(result.state).toBeUndefined();
        expect(await useCase.execute(call('bash', { command: 'make' }, 'toolu_make'))).toEqual(result);
      });

      it('answers interrupted only once the executor running it has missed three heartbeats, and always the same', async () => {
        const key = { runId, toolUseId: 'toolu_make', ownerId: 'founder' };
        // Claimed by an executor that died at once: it never refreshes its heartbeat.
        await calls.claim(key, 'bash', 'dead-executor');
        await jest.advanceTimersByTimeAsync(25);
        expect(await useCase.execute(call('bash', { command: 'make' }, 'toolu_make'))).toMatchObject({ state: 'running' });
        await jest.advanceTimersByTimeAsync(10);
        const interrupted = await useCase.execute(call('bash', { command: 'make' }, 'toolu_make'));
        expect(interrupted).toMatchObject({ state: 'interrupted', isError: true, output: expect.stringMatching(/^This tool call was interrupted/) });
        expect(await executorProcess().execute(call('bash', { command: 'make' }, 'toolu_make'))).toEqual(interrupted);
      });

      it('stops a command another executor has declared interrupted, and keeps that answer', async () => {
        sandbox.onExec = (_command, opts) => new Promise((resolve) => {
          opts.signal?.addEventListener('abort', () => resolve({ kind: 'aborted' }));
        });
        const running = useCase.execute(call('bash', { command: 'make' }, 'toolu_make'));
        await jest.advanceTimersByTimeAsync(5);
        // This process stalled long enough to look dead, and another executor said so.
        calls.rows.get(`${runId}\ntoolu_make`)!.heartbeatAt = Date.now() - 1000;
        expect(await executorProcess().execute(call('bash', { command: 'make' }, 'toolu_make'))).toMatchObject({ state: 'interrupted' });
        await jest.advanceTimersByTimeAsync(10);
        expect(await running).toMatchObject({ state: 'interrupted', output: expect.stringMatching(/^This tool call was interrupted/) });
      });
    });
  });
});
