import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The bundled folder sits beside `src` both in the source tree (apps/model-sim/scenarios) and
 * in the build (dist/apps/model-sim/scenarios, copied by `swc --copy-files`), so we walk up
 * from wherever this file runs. `demo.json` marks it: `src/scenarios` holds code, not files.
 */
export function bundledScenarioFolder(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'scenarios');
    if (existsSync(path.join(dir, 'src')) && existsSync(path.join(candidate, 'demo.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`model-sim: no bundled scenarios folder above ${from}`);
  }
}

/**
 * The bundled folder, then each folder in SIM_SCENARIOS (colon-separated). The simulator is
 * not a Cofounder service with a config file, so it reads this one variable here.
 */
export function scenarioFolders(env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (env.SIM_SCENARIOS ?? '').split(':').filter((p) => p.trim() !== '');
  return [bundledScenarioFolder(), ...extra.map((p) => path.resolve(p))];
}
