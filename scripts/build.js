// Compiles apps/ and libs/ to dist/ with SWC (no type check: `npm run typecheck` does that once).
// `--with-bench` also compiles the benchmark and the test support it drives the system with.
const { execFileSync } = require('node:child_process');
const { cpSync, rmSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const sources = ['apps', 'libs', ...(process.argv.includes('--with-bench') ? ['bench', 'test/support'] : [])];
// The console's browser modules run as they are written: SWC would make CommonJS of them.
const browserAssets = 'apps/gateway/console-web';
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [require.resolve('@swc/cli/bin/swc.js'), ...sources, '-d', 'dist', '--copy-files', '--ignore', '**/*spec.ts', '--ignore', `${browserAssets}/**`, '--quiet'],
  { cwd: root, stdio: 'inherit' },
);
cpSync(path.join(root, browserAssets), path.join(root, 'dist', browserAssets), { recursive: true });
