import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ModelSimModule } from '../model-sim.module';
import { ScenarioError } from './parse-scenario';
import { bundledScenarioFolder, scenarioFolders } from './scenario-folders';
import { ScenarioCatalog } from './scenario-catalog';
import { loadScenarios } from './scenario-loader';

const ok = (name: string) => JSON.stringify({ name, steps: [{ content: [{ type: 'text', text: 'ok' }] }] });

describe('loading scenario folders', () => {
  let root: string;

  /** A fresh folder under this test's temp root holding the given files. */
  function folder(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(root, 'folder-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return dir;
  }

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'model-sim-loader-'));
    Logger.overrideLogger(false);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds the bundled folder from the source tree', () => {
    expect(bundledScenarioFolder()).toBe(path.resolve(__dirname, '../../scenarios'));
  });

  it('finds the bundled folder from the compiled layout', () => {
    const dist = path.join(root, 'dist/apps/model-sim');
    mkdirSync(path.join(dist, 'src/scenarios'), { recursive: true });
    mkdirSync(path.join(dist, 'scenarios'));
    writeFileSync(path.join(dist, 'scenarios/demo.json'), ok('demo'));
    expect(bundledScenarioFolder(path.join(dist, 'src/scenarios'))).toBe(path.join(dist, 'scenarios'));
  });

  it('loads every bundled scenario, each under the name its file gives', () => {
    const folder = bundledScenarioFolder();
    const names = readdirSync(folder).filter((f) => f.endsWith('.json'))
      .map((f) => (JSON.parse(readFileSync(path.join(folder, f), 'utf8')) as { name: string }).name);
    expect(names).toContain('demo');
    expect(loadScenarios([folder]).rejected).toEqual([]);
    expect([...loadScenarios([folder]).scenarios.keys()].sort()).toEqual(names.sort());
  });

  it('adds each colon-separated SIM_SCENARIOS folder after the bundled one', () => {
    const [a, b] = [folder({ 'a.json': ok('from-a') }), folder({ 'b.json': ok('from-b'), 'notes.txt': 'ignored' })];
    const folders = scenarioFolders({ SIM_SCENARIOS: `${a}::${b}` });
    expect(folders).toEqual([bundledScenarioFolder(), a, b]);
    const { scenarios } = loadScenarios(folders);
    expect(scenarios.has('from-a') && scenarios.has('from-b')).toBe(true);
  });

  it('sets aside a file that is not JSON or not a scenario, naming it, and loads the others', () => {
    const bad = JSON.stringify({ name: 'bad', steps: [] });
    const dir = folder({ 'broken.json': '{ "name": ', 'good.json': ok('good'), 'wrong.json': bad });
    const { scenarios, rejected } = loadScenarios([dir]);
    expect([...scenarios.keys()]).toEqual(['good']);
    expect(rejected.map((r) => r.file)).toEqual([path.join(dir, 'broken.json'), path.join(dir, 'wrong.json')]);
    expect(rejected[0].reason).toMatch(new RegExp(`^${path.join(dir, 'broken.json')}: not valid JSON`));
    expect(rejected[1].reason).toMatch(/wrong\.json: steps/);
  });

  it('refuses two files with one name, naming both', () => {
    const dir = folder({ 'one.json': ok('twin'), 'two.json': ok('twin') });
    expect(() => loadScenarios([dir])).toThrow(`${path.join(dir, 'two.json')}: name "twin" is already used by ${path.join(dir, 'one.json')}`);
  });

  it('refuses a folder that does not exist', () => {
    expect(() => loadScenarios([path.join(root, 'absent')])).toThrow(ScenarioError);
  });

  it('starts with the other files when one does not parse, logging the bad file by name and why', async () => {
    const bad = JSON.stringify({ name: 'bad', steps: [{ error: { status: 99, type: 'api_error', message: 'x' } }] });
    const dir = folder({ 'bad.json': bad, 'fine.json': ok('fine') });
    const logged = jest.spyOn(Logger.prototype, 'error');
    process.env.SIM_SCENARIOS = dir;
    try {
      const moduleRef = await Test.createTestingModule({ imports: [ModelSimModule] }).compile();
      const catalog = moduleRef.get(ScenarioCatalog);
      expect(catalog.find('fine')).toBeDefined();
      expect(catalog.find('bad')).toBeUndefined();
      expect(catalog.find('demo')).toBeDefined();
      expect(logged.mock.calls).toEqual([[{
        msg: 'scenario file skipped', file: path.join(dir, 'bad.json'),
        reason: `${path.join(dir, 'bad.json')}: steps.0.error.status: status must not be less than 400`,
      }]]);
    } finally {
      delete process.env.SIM_SCENARIOS;
      logged.mockRestore();
    }
  });
});
