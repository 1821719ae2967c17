// npm test: the same set-up as npm start, then every test: type check, unit and integration
// (in parallel), then end to end and browser (one at a time: each starts the whole system),
// with the e2e-idle files (minutes of waiting, little CPU) in a second jest process beside them.
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const jest = path.join(ROOT, 'node_modules/jest/bin/jest.js');
const started = Date.now();

const seconds = () => ((Date.now() - started) / 1000).toFixed(0);

function run(title, command, args) {
  console.log(`\n\x1b[1m▶ ${title}\x1b[0m`);
  return spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' }).status ?? 1;
}

function step(title, command, args) {
  const status = run(title, command, args);
  if (status !== 0) fail(title, status);
}

function fail(title, status) {
  console.error(`\n✗ ${title} failed (after ${seconds()} s)`);
  process.exit(status);
}

/**
 * Starts `args` beside the foreground steps, its output kept in a file (a pipe nobody reads
 * while spawnSync blocks would fill and stall it) and printed whole, under its title, at the end.
 */
function inBackground(title, command, args) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cofounder-test-'));
  const logFile = path.join(dir, 'output.log');
  const fd = openSync(logFile, 'w');
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', fd, fd], env: { ...process.env, FORCE_COLOR: '1' } });
  closeSync(fd);
  const exited = new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  return {
    async finish() {
      const status = await exited;
      console.log(`\n\x1b[1m▶ ${title}\x1b[0m (ran beside the steps above)`);
      process.stdout.write(readFileSync(logFile));
      rmSync(dir, { recursive: true, force: true });
      return status;
    },
    stop: () => child.kill('SIGTERM'),
  };
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
  const idleTitle = 'Idle end-to-end tests (long waits)';
  const idle = inBackground(idleTitle, process.execPath, [jest, '--selectProjects', 'e2e-idle', '--runInBand', '--passWithNoTests', ...extra]);
  process.on('exit', idle.stop);
  const e2eTitle = 'End-to-end and browser tests';
  const e2e = run(e2eTitle, process.execPath, [jest, '--selectProjects', 'e2e', 'browser', '--runInBand', ...extra]);
  const idleStatus = await idle.finish();
  if (e2e !== 0) fail(e2eTitle, e2e);
  if (idleStatus !== 0) fail(idleTitle, idleStatus);
  console.log(`\n✓ All tests passed in ${seconds()} s`);
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
