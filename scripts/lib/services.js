// The six services as separate processes, with prefixed, readable logs and a health wait.
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

const ROOT = path.resolve(__dirname, '../..');

const SERVICES = [
  { name: 'model-sim', port: 4010 },
  { name: 'executor', port: 3002 },
  { name: 'billing', port: 3003 },
  { name: 'scheduler', port: 3004 },
  { name: 'orchestrator', port: 3001 },
  { name: 'gateway', port: 3000 },
];

const COLOURS = { 'model-sim': 35, executor: 33, billing: 32, scheduler: 36, orchestrator: 34, gateway: 31 };

/** One JSON log line as a short human line: "level message {facts}". */
function humanLine(line) {
  try {
    const entry = JSON.parse(line);
    const message = typeof entry.message === 'object' && entry.message !== null ? entry.message : { msg: entry.message };
    const { msg, ...facts } = message;
    const rest = Object.keys(facts).length ? ` ${JSON.stringify(facts)}` : '';
    return `${entry.level ?? 'log'} ${msg ?? ''}${rest}`;
  } catch {
    return line;
  }
}

function startServices({ env = {}, quiet = false } = {}) {
  const children = SERVICES.map(({ name, port }) => {
    const child = spawn(process.execPath, ['--enable-source-maps', path.join(ROOT, `dist/apps/${name}/src/main.js`)], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = process.stdout.isTTY ? `\x1b[${COLOURS[name]}m[${name}]\x1b[0m` : `[${name}]`;
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        if (!quiet || /"level":"(error|fatal|warn)"/.test(line)) console.log(`${prefix} ${humanLine(line)}`);
      });
    }
    return { name, port, child };
  });
  return children;
}

async function waitHealthy(children, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (const { name, port, child } of children) {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} while starting (its log is above)`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`${name} did not become healthy on port ${port} within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** SIGTERM to all, then wait: each service drains NATS and finishes or hands back its step. */
function stopServices(children, timeoutMs = 15_000) {
  return Promise.all(children.map(({ child }) => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  })));
}

module.exports = { SERVICES, startServices, waitHealthy, stopServices };
