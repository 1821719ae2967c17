import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root, found from source (jest) or from dist/ (the benchmark). */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'nest-cli.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${from}`);
    dir = parent;
  }
  return dir;
}
