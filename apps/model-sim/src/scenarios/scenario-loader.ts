import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseScenario, ScenarioError } from './parse-scenario';
import { Scenario } from './scenario';

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ScenarioError(`${file}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
}

function jsonFilesIn(folder: string): string[] {
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ScenarioError(`${folder}: scenario folder does not exist`);
  }
  return readdirSync(folder).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(folder, f));
}

/** Every `*.json` file of every folder, validated; any bad file stops start-up. */
export function loadScenarios(folders: readonly string[]): Map<string, Scenario> {
  const byName = new Map<string, Scenario>();
  for (const file of folders.flatMap(jsonFilesIn)) {
    const scenario = parseScenario(readJson(file), file);
    const clash = byName.get(scenario.name);
    // Two files with one name would make a test's outcome depend on folder order.
    if (clash) throw new ScenarioError(`${file}: name "${scenario.name}" is already used by ${clash.source}`);
    byName.set(scenario.name, scenario);
  }
  return byName;
}
