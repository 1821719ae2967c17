// npm run bench: builds, makes sure NATS and PostgreSQL answer, and runs the benchmarks,
// printing each figure beside its baseline from the same run (and bench/results/latest.jsonl).
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

async function main() {
  await require('./infra/ensure-infra').ensureInfra();
  execFileSync(process.execPath, [path.join(__dirname, 'build.js'), '--with-bench'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(ROOT, 'dist/bench/run-benchmarks.js')], { cwd: ROOT, stdio: 'inherit' });
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
