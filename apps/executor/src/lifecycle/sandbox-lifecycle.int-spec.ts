import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Conflict, NotFound, SandboxKill, SandboxPause, SandboxRestore, SandboxResume, SandboxSnapshot } from '@cofounder/contracts';
import { ExecutorHarness } from '../../test/executor-harness';

/** sandbox.* through the executor over NATS, against the local provider and the object store. */
describe('the sandbox lifecycle over NATS', () => {
  let executor: ExecutorHarness;
  const runOf = (runId: string) => ({ runId, ownerId: executor.owner });

  beforeAll(async () => {
    executor = await ExecutorHarness.start({ time: { toolProgressMs: 100 } });
  });
  afterAll(() => executor?.close());

  const newRun = async (): Promise<string> => {
    const runId = randomUUID();
    expect(await executor.exec(runId, 'write', { path: 'notes.txt', content: 'first\n' })).toMatchObject({ isError: false });
    return runId;
  };
  const read = (runId: string, file: string) => readFileSync(path.join(executor.workspace(runId), file), 'utf8');

  it('answers another founder as if the run did not exist', async () => {
    const runId = await newRun();
    for (const def of [SandboxPause, SandboxResume, SandboxSnapshot, SandboxRestore, SandboxKill]) {
      await expect(executor.rpc.request(def, { runId, ownerId: 'dev_intruder' })).rejects.toBeInstanceOf(NotFound);
    }
  });

  it('restores a snapshot in a new awake period: resumed afterwards, nothing is restored again', async () => {
    const runId = await newRun();
    const taken = await executor.rpc.request(SandboxSnapshot, { ...runOf(runId), reason: 'manual' });
    await executor.exec(runId, 'write', { path: 'notes.txt', content: 'second\n' });
    const restored = await executor.rpc.request(SandboxRestore, { ...runOf(runId), seq: taken.snapshot!.seq });
    expect(restored).toMatchObject({ status: 'active', restored: true, snapshot: taken.snapshot });
    expect(read(runId, 'notes.txt')).toBe('first\n');
    await executor.exec(runId, 'write', { path: 'notes.txt', content: 'third\n' });
    // The workspace holds the new period's sentinel, not the one of the period the snapshot was taken in.
    expect(await executor.rpc.request(SandboxResume, runOf(runId))).toMatchObject({ restored: false });
    expect(read(runId, 'notes.txt')).toBe('third\n');
  });

  it('stops a running command before a restore replaces the files under it', async () => {
    const runId = await newRun();
    await executor.rpc.request(SandboxSnapshot, { ...runOf(runId), reason: 'manual' });
    const running = executor.exec(runId, 'bash', { command: 'echo started; sleep 30; echo too-late > late.txt' });
    await executor.progressOf(runId);
    await executor.rpc.request(SandboxRestore, runOf(runId));
    const reply = await running;
    expect(reply.exitCode).toBe(130);
    expect(existsSync(path.join(executor.workspace(runId), 'late.txt'))).toBe(false);
  });

  it('kills a paused sandbox without resuming it: its folder is gone and it refuses to come back', async () => {
    const runId = await newRun();
    expect(await executor.toolCallsOf(runId)).toBe(1);
    expect(await executor.rpc.request(SandboxPause, runOf(runId))).toMatchObject({ status: 'paused' });
    const killed = await executor.rpc.request(SandboxKill, runOf(runId));
    expect(killed).toMatchObject({ status: 'killed', snapshot: { seq: 1 } });
    expect(existsSync(executor.workspace(runId))).toBe(false);
    await expect(executor.rpc.request(SandboxResume, runOf(runId))).rejects.toBeInstanceOf(Conflict);
    expect((await executor.exec(runId, 'ls', {}).catch((err: Error) => err)) instanceof Conflict).toBe(true);
    // Its tool calls are forgotten with it: the first one, asked again, is not answered from the table.
    expect(await executor.toolCallsOf(runId)).toBe(0);
  });

  it('brings back a workspace whose folder was removed while paused, on the next tool call', async () => {
    const runId = await newRun();
    await executor.rpc.request(SandboxPause, runOf(runId));
    rmSync(executor.workspace(runId), { recursive: true, force: true });
    expect(await executor.exec(runId, 'read', { path: 'notes.txt' })).toMatchObject({ isError: false, output: '     1\tfirst' });
  });
});
