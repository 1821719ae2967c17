import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Subjects } from '@cofounder/contracts';
import { encodeJson } from '@cofounder/messaging';
import { ExecutorHarness } from '../../../executor/test/executor-harness';
import { RunRecord } from '../runs/ports';
import { ExecutorToolRunner } from './executor-tool-runner.adapter';

/** A command that runs until the test lets it go: the test waits on progress, never on a clock. */
const UNTIL_GO = 'while [ ! -e go ]; do sleep 0.02; done; echo finished';

interface Progress {
  values: number[];
  onProgress: (elapsedMs: number) => void;
  /** Resolves once `count` reports have come. */
  reached(count: number): Promise<void>;
}

function recordProgress(): Progress {
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const values: number[] = [];
  return {
    values,
    onProgress: (elapsedMs) => {
      values.push(elapsedMs);
      for (const w of waiters.filter((x) => values.length >= x.count)) w.resolve();
    },
    reached: (count) => new Promise((resolve) => (values.length >= count ? resolve() : waiters.push({ count, resolve }))),
  };
}

function letGo(executor: ExecutorHarness, runId: string): void {
  mkdirSync(executor.workspace(runId), { recursive: true });
  writeFileSync(path.join(executor.workspace(runId), 'go'), '');
}

function runnerFor(executor: ExecutorHarness): ExecutorToolRunner {
  return new ExecutorToolRunner(executor.rpc, executor.client, executor.config);
}

describe('ExecutorToolRunner against a real executor over NATS', () => {
  describe('when the executor reports progress', () => {
    let executor: ExecutorHarness;

    beforeAll(async () => {
      executor = await ExecutorHarness.start({ time: { toolProgressMs: 50 } });
    });
    afterAll(() => executor?.close());

    it('hands on the executor\'s progress while a slow command runs, then its result', async () => {
      const runner = runnerFor(executor);
      const runId = randomUUID();
      const run = { id: runId, ownerId: executor.owner } as RunRecord;
      const progress = recordProgress();
      const outcome = runner.run(run, { id: 'toolu_slow', name: 'bash', input: { command: UNTIL_GO } }, progress.onProgress);
      await progress.reached(1);
      // Another call's progress and a malformed message on the run's subject are not this call's.
      executor.client.nc.publish(Subjects.toolProgress(runId), encodeJson({ runId, toolUseId: 'toolu_other', elapsedMs: 999_999 }));
      executor.client.nc.publish(Subjects.toolProgress(runId), encodeJson({ elapsedMs: 'soon' }));
      await progress.reached(4);
      letGo(executor, runId);
      const result = await outcome;

      expect(result).toMatchObject({ isError: false, exitCode: 0, output: 'exit code: 0\nstdout:\nfinished\nstderr:\n' });
      expect(progress.values).not.toContain(999_999);
      expect(progress.values.length).toBeGreaterThanOrEqual(4);
      for (let i = 1; i < progress.values.length; i++) expect(progress.values[i]).toBeGreaterThan(progress.values[i - 1]);
      expect(progress.values[0]).toBeGreaterThanOrEqual(50);
      expect(progress.values[progress.values.length - 1]).toBeLessThanOrEqual(result.durationMs);
    });
  });
});
