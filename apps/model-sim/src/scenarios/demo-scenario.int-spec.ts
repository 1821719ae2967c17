import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundledScenarioFolder } from './scenario-folders';
import { loadScenarios } from './scenario-loader';
import { ContentBlockSpec } from './scenario';

const demo = loadScenarios([bundledScenarioFolder()]).scenarios.get('demo')!;
const toolCalls = demo.steps.flatMap((s) => s.content ?? []).filter((b): b is ContentBlockSpec & { name: string } => b.type === 'tool_use');

/** What `npm test` runs in the demo's package.json, run here with this Node. */
function testsPass(dir: string): { ok: boolean; output: string } {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT; // set when this process itself runs under `node --test`
  const run = spawnSync(process.execPath, ['--test'], { cwd: dir, env, encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

describe('the bundled demo scenario', () => {
  let workspace: string;

  beforeAll(() => {
    workspace = mkdtempSync(path.join(tmpdir(), 'model-sim-demo-'));
  });
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it('builds a slug helper whose tests fail once and pass after the fix', () => {
    const runs: Array<{ ok: boolean; output: string }> = [];
    for (const call of toolCalls) {
      const input = call.input as { path?: string; content?: string; command?: string };
      if (call.name === 'write') {
        const file = path.join(workspace, input.path!);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, input.content!);
      } else if (call.name === 'bash') {
        expect(input.command).toBe('npm test');
        runs.push(testsPass(workspace));
      }
    }
    expect(JSON.parse(readFileSync(path.join(workspace, 'package.json'), 'utf8')).scripts.test).toBe('node --test');
    expect(runs.map((r) => r.ok)).toEqual([false, true]);
    expect(runs[0].output).toMatch(/# pass 2\s+# fail 1/);
    expect(runs[1].output).toMatch(/# pass 3\s+# fail 0/);
  });

  it('uses only bash, read, write and ls, with their input shapes', () => {
    const shapes: Record<string, string[][]> = { bash: [['command']], read: [['path']], write: [['content', 'path']], ls: [[], ['path']] };
    for (const call of toolCalls) {
      expect(shapes[call.name]).toContainEqual(Object.keys(call.input ?? {}).sort());
    }
    expect(new Set(toolCalls.map((c) => c.name))).toEqual(new Set(['bash', 'read', 'write', 'ls']));
  });

  it('paces every step for a person watching and ends the turn with a summary', () => {
    for (const step of demo.steps) expect(step.delayMs).toBeGreaterThanOrEqual(300);
    for (const step of demo.steps) expect(step.delayMs).toBeLessThanOrEqual(600);
    const last = demo.steps.at(-1)!;
    expect(last.stop_reason).toBe('end_turn');
    expect(last.content?.[0].text).toMatch(/^Done!/);
  });
});
