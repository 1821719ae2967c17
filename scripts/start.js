// npm start: sets up what a fresh machine lacks, starts the whole system, and runs a demo
// a person can watch. `npm start -- --no-demo` starts the system alone. Ctrl-C stops it all.
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const GATEWAY = 'http://127.0.0.1:3000';
const DEMO_TOKEN = 'dev:demo-founder';
const DEMO_GOAL = 'Build a small URL-slug helper for my blog, with tests, and make sure the tests pass.';

function say(message) {
  console.log(`\x1b[1m${message}\x1b[0m`);
}

function installDependencies() {
  if (existsSync(path.join(ROOT, 'node_modules'))) return;
  say('Installing dependencies (first run)…');
  execFileSync('npm', [existsSync(path.join(ROOT, 'package-lock.json')) ? 'ci' : 'install'], { cwd: ROOT, stdio: 'inherit' });
}

async function portsFree() {
  const { SERVICES } = require('./lib/services');
  const busy = [];
  for (const { name, port } of SERVICES) {
    const answered = await fetch(`http://127.0.0.1:${port}/health`).then(() => true, () => false);
    if (answered) busy.push(`${name} (${port})`);
  }
  if (busy.length) throw new Error(`ports already in use: ${busy.join(', ')}. Is Cofounder already running? Stop it first.`);
}

async function runDemo() {
  const { followRun } = require('./lib/demo-follower');
  const headers = { Authorization: `Bearer ${DEMO_TOKEN}`, 'Content-Type': 'application/json' };
  const project = await (await fetch(`${GATEWAY}/v1/projects`, { method: 'POST', headers, body: JSON.stringify({ name: 'Demo: slug helper' }) })).json();
  const run = await (await fetch(`${GATEWAY}/v1/projects/${project.id}/runs`, { method: 'POST', headers, body: JSON.stringify({ goal: DEMO_GOAL }) })).json();
  say(`\nDemo run ${run.id} started. Watch it in the browser at ${GATEWAY}/runs/${run.id} (sign in with ${DEMO_TOKEN}) or here:\n`);
  say(`Goal: ${DEMO_GOAL}\n`);
  const end = await followRun({ baseUrl: GATEWAY, token: DEMO_TOKEN, runId: run.id });
  const details = await (await fetch(`${GATEWAY}/v1/runs/${run.id}`, { headers })).json();
  say(`\nThe demo run is ${details.status}: ${details.toolCalls} tool calls, cost $${(details.costMicrodollars / 1e6).toFixed(4)} (simulated model).`);
  return end;
}

async function main() {
  const demo = !process.argv.includes('--no-demo');
  installDependencies();
  const { ensureInfra } = require('./infra/ensure-infra');
  await ensureInfra();
  say('Building…');
  execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { cwd: ROOT, stdio: 'inherit' });
  await portsFree();
  const { startServices, waitHealthy, stopServices } = require('./lib/services');
  const children = startServices({ quiet: demo });
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    say('\nStopping Cofounder…');
    await stopServices(children);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  for (const { name, child } of children) {
    child.once('exit', (code, signal) => {
      if (!stopping) {
        console.error(`[${name}] exited unexpectedly (${signal ?? `code ${code}`}); stopping the rest.`);
        void stop(1);
      }
    });
  }
  await waitHealthy(children);
  say(`Cofounder is ready at ${GATEWAY}`);
  if (demo) {
    await runDemo();
    say('\nThe system keeps running: open the console, or press Ctrl-C to stop.');
  }
}

main().catch((err) => {
  console.error(`\nCofounder could not start: ${err.message}`);
  process.exit(1);
});
