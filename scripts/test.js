// npm test: the same set-up as npm start, then every test: type check, unit and integration
// (in parallel), then end to end and browser (one at a time: each starts the whole system).
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const jest = path.join(ROOT, 'node_modules/jest/bin/jest.js');
const started = Date.now();

function step(title, command, args) {
  console.log(`\n\x1b[1m▶ ${title}\x1b[0m`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n✗ ${title} failed (after ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    process.exit(result.status ?? 1);
  }
}

async function main() {
  if (!existsSync(path.join(ROOT, 'node_modules'))) {
    execFileSync('npm', ['ci'], { cwd: ROOT, stdio: 'inherit' });
  }
  await require('./infra/ensure-infra').ensureInfra();
  const extra = process.argv.slice(2);
  step('Build', process.execPath, [path.join(__dirname, 'build.js')]);
  step('Type check', process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json']);
  step('Unit and integration tests', process.execPath, [jest, '--selectProjects', 'unit', 'integration', '--maxWorkers=2', ...extra]);
  step('End-to-end and browser tests', process.execPath, [jest, '--selectProjects', 'e2e', 'browser', '--runInBand', ...extra]);
  console.log(`\n✓ All tests passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
