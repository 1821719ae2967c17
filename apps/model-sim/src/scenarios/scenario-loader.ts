import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseScenario, ScenarioError } from './parse-scenario';
import { Scenario } from './scenario';

/** A scenario file that did not parse, and why (the reason names the file and the field). */
export interface RejectedFile {
  file: string;
  reason: string;
}

export interface LoadedScenarios {
  scenarios: Map<string, Scenario>;
  rejected: RejectedFile[];
}

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

function parseFile(file: string): Scenario | RejectedFile {
  try {
    return parseScenario(readJson(file), file);
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return { file, reason: err.message };
  }
}

/**
 * Every `*.json` file of every folder, validated. A file that does not parse is set aside with
 * its reason and the others load: one bad file must not take every scenario away. A missing
 * folder or two files with one name still stop start-up: that is the set-up that is wrong.
 */
export function loadScenarios(folders: readonly string[]): LoadedScenarios {
  const scenarios = new Map<string, Scenario>();
  const rejected: RejectedFile[] = [];
  for (const file of folders.flatMap(jsonFilesIn)) {
    const parsed = parseFile(file);
    if ('reason' in parsed) {
      rejected.push(parsed);
      continue;
    }
    const clash = scenarios.get(parsed.name);
    // Two files with one name would make a test's outcome depend on folder order.
    if (clash) throw new ScenarioError(`${file}: name "${parsed.name}" is already used by ${clash.source}`);
    scenarios.set(parsed.name, parsed);
  }
  return { scenarios, rejected };
}
