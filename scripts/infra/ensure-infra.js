// Makes sure NATS (with JetStream) and PostgreSQL answer before `npm start` and `npm test`:
// a running server is used as it is; an installed one is started the way the machine starts
// it; a missing one is installed with apt when running as root. Run directly, or require it.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/cofounder';
const WAIT_MS = 30_000;
const PROGRESS_MS = 5_000;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

class InfraError extends Error {}

function log(message) {
  console.log(`[infra] ${message}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function endpoint(url, defaultPort) {
  const parsed = new URL(url.split(',')[0].trim());
  const host = parsed.hostname;
  return { host, port: Number(parsed.port || defaultPort), local: LOCAL_HOSTS.has(host) };
}

// ---------------------------------------------------------------- waiting

function portAnswers(host, port, timeoutMs = 1_000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Calls `attempt` until it returns true or the deadline passes, saying every few seconds that it waits. */
async function waitUntil(what, attempt, hint = '') {
  const started = Date.now();
  let lastSaid = started;
  let lastError;
  while (Date.now() - started < WAIT_MS) {
    try {
      if (await attempt()) return;
    } catch (err) {
      if (err instanceof InfraError) throw err;
      lastError = err;
    }
    if (Date.now() - lastSaid >= PROGRESS_MS) {
      lastSaid = Date.now();
      log(`waiting for ${what} (${Math.round((lastSaid - started) / 1000)} s)`);
    }
    await sleep(250);
  }
  const why = lastError ? `: ${lastError.message}` : '';
  throw new InfraError(`${what} did not answer within ${WAIT_MS / 1000} s${why}${hint && `; ${hint}`}`);
}

function waitForPort(name, { host, port }, hint) {
  return waitUntil(`${name} on ${host}:${port}`, () => portAnswers(host, port), hint);
}

// ---------------------------------------------------------------- commands and packages

function run(command, args, env = {}) {
  log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) throw new InfraError(`${command} could not run: ${result.error.message}`);
  return result.status === 0;
}

function findBinary(name) {
  const dirs = (process.env.PATH || '').split(path.delimiter).concat(['/usr/sbin', '/usr/local/sbin', '/sbin']);
  return dirs.map((dir) => path.join(dir, name)).find((file) => fs.existsSync(file));
}

let aptUpdated = false;

/** Installs a Debian package; only root with apt-get can, so anyone else is told what to run. */
function installPackage(pkg, manualHint) {
  if (!isRoot() || !findBinary('apt-get')) {
    const how = findBinary('apt-get') ? `run \`sudo apt-get install -y ${pkg}\`` : `install ${pkg}`;
    throw new InfraError(`${pkg} is not installed and this script can only install it as root with apt-get: ${how}, or ${manualHint}.`);
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    if (!run('apt-get', ['update', '-q'], env)) throw new InfraError('apt-get update failed; see its output above.');
    aptUpdated = true;
  }
  if (!run('apt-get', ['install', '-y', '-q', pkg], env)) {
    throw new InfraError(`apt-get install ${pkg} failed; see its output above.`);
  }
}

// ---------------------------------------------------------------- NATS

/** JetStream answers `$JS.API.INFO`; a server started without `-js` answers with no responders. */
async function jetStreamEnabled(url) {
  const { connect } = require('@nats-io/transport-node');
  const { jetstreamManager } = require('@nats-io/jetstream');
  const nc = await connect({ servers: url, timeout: 2_000, reconnect: false });
  try {
    await jetstreamManager(nc);
    return true;
  } catch (err) {
    if (err.name === 'JetStreamNotEnabled') {
      throw new InfraError(`NATS at ${url} answers but JetStream is not enabled: restart it with \`-js -sd <store dir>\`.`);
    }
    throw err;
  } finally {
    await nc.close();
  }
}

/** Starts nats-server and returns the path of its log. */
function startNats({ host, port }) {
  const binary = findBinary('nats-server');
  if (isRoot() && findBinary('start-stop-daemon')) return startNatsDaemon(binary, host, port);
  return startNatsDetached(binary, host, port);
}

function natsArgs(host, port, storeDir, logFile) {
  return ['-a', host, '-p', String(port), '-js', '-sd', storeDir, '-l', logFile];
}

function startNatsDaemon(binary, host, port) {
  const storeDir = '/var/lib/nats-server';
  fs.mkdirSync(storeDir, { recursive: true });
  // The pid file makes --oknodo match this server only: with --exec alone, any other
  // nats-server on the machine (a test's own, on another port) counts as "already running".
  const pidFile = `/run/nats-server-${port}.pid`;
  const logFile = '/var/log/nats-server.log';
  const daemon = ['--start', '--oknodo', '--background', '--make-pidfile', '--pidfile', pidFile, '--exec', binary];
  if (!run('start-stop-daemon', [...daemon, '--', ...natsArgs(host, port, storeDir, logFile)])) {
    throw new InfraError(`start-stop-daemon could not start nats-server; see ${logFile}.`);
  }
  return logFile;
}

function startNatsDetached(binary, host, port) {
  const dataDir = path.join(ROOT, '.data');
  const storeDir = path.join(dataDir, 'nats');
  const logFile = path.join(dataDir, 'nats-server.log');
  fs.mkdirSync(storeDir, { recursive: true });
  log(`$ ${binary} ${natsArgs(host, port, storeDir, logFile).join(' ')} (detached)`);
  spawn(binary, natsArgs(host, port, storeDir, logFile), { detached: true, stdio: 'ignore' }).unref();
  return logFile;
}

async function ensureNats(url = process.env.NATS_URL || DEFAULT_NATS_URL) {
  const target = endpoint(url, 4222);
  if (!(await portAnswers(target.host, target.port))) {
    if (!target.local) throw new InfraError(`nothing answers at NATS_URL=${url}; start that server or unset NATS_URL.`);
    if (!findBinary('nats-server')) {
      installPackage('nats-server', `start a NATS server with JetStream (\`nats-server -js\`) on ${target.host}:${target.port}`);
    }
    log(`NATS is not running on ${target.host}:${target.port}; starting it`);
    const logFile = startNats(target);
    await waitForPort('NATS', target, `see ${logFile}`);
  }
  await waitUntil(`JetStream at ${url}`, () => jetStreamEnabled(url));
  log(`NATS with JetStream answers on ${target.host}:${target.port}`);
}

// ---------------------------------------------------------------- PostgreSQL

/** The newest cluster version under /etc/postgresql, or undefined when there is none. */
function postgresVersion() {
  const dir = '/etc/postgresql';
  if (!findBinary('pg_ctlcluster') || !fs.existsSync(dir)) return undefined;
  const versions = fs.readdirSync(dir).filter((v) => fs.existsSync(path.join(dir, v, 'main')));
  return versions.sort((a, b) => Number(b) - Number(a))[0];
}

function pgCluster(version, action) {
  return run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action]);
}

/** A fresh Debian cluster asks for a password over TCP; the project connects as postgres without one. */
function trustLoopback(version) {
  const file = `/etc/postgresql/${version}/main/pg_hba.conf`;
  const loopbackHost = /^(host\s+\S+\s+\S+\s+(?:127\.0\.0\.1\/32|::1\/128)\s+)\S+/gm;
  const before = fs.readFileSync(file, 'utf8');
  const after = before.replace(loopbackHost, '$1trust');
  if (after === before) return;
  fs.writeFileSync(file, after);
  log(`${file}: loopback host lines set to trust`);
  if (!pgCluster(version, 'reload')) throw new InfraError(`pg_ctlcluster ${version} main reload failed.`);
}

async function ensurePostgres(url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL) {
  const target = endpoint(url, 5432);
  const where = `${target.host}:${target.port}`;
  if (await portAnswers(target.host, target.port)) return log(`PostgreSQL answers on ${where}`);
  if (!target.local) throw new InfraError(`nothing answers at DATABASE_URL's ${where}; start that server or unset DATABASE_URL.`);
  let installed = false;
  if (!postgresVersion()) {
    installPackage('postgresql', `start PostgreSQL on ${where} with trust auth for user postgres`);
    installed = true;
  }
  const version = postgresVersion();
  if (!version) throw new InfraError('PostgreSQL is installed but has no cluster: run `pg_createcluster <version> main --start`.');
  // apt's post-install script may already have started the new cluster.
  if (!(await portAnswers(target.host, target.port))) {
    log(`PostgreSQL is not running on ${where}; starting cluster ${version}/main`);
    if (!pgCluster(version, 'start')) {
      const asRoot = isRoot() ? '' : ` (start it as root: \`sudo pg_ctlcluster ${version} main start\`)`;
      throw new InfraError(`pg_ctlcluster ${version} main start failed${asRoot}.`);
    }
  }
  await waitForPort('PostgreSQL', target, `see /var/log/postgresql/postgresql-${version}-main.log`);
  if (installed) trustLoopback(version);
  log(`PostgreSQL answers on ${where}`);
}

// ---------------------------------------------------------------- the sandbox

/** Programs the local sandbox confines commands with, by the Debian package that has them. */
const SANDBOX_PACKAGES = [
  ['bwrap', 'bubblewrap'],
  ['slirp4netns', 'slirp4netns'],
  ['nsenter', 'util-linux'],
  ['ip', 'iproute2'],
];

/**
 * Installs what the local sandbox needs. Not fatal when it cannot: the executor then refuses
 * to start and says why, unless the configuration allows unconfined commands.
 */
function ensureSandboxTools() {
  let complete = true;
  for (const [binary, pkg] of SANDBOX_PACKAGES) {
    if (findBinary(binary)) continue;
    try {
      installPackage(pkg, 'set sandbox.allowUnconfined: true to run commands unconfined (never for founders\' code)');
    } catch (err) {
      if (!(err instanceof InfraError)) throw err;
      log(`${err.message} Without it the executor will not start.`);
      complete = false;
    }
  }
  if (complete) log('sandbox tools present: bubblewrap, slirp4netns, nsenter, ip');
}

// ---------------------------------------------------------------- the browser test

/**
 * Debian's Chromium, which the browser test drives with playwright-core at /usr/bin/chromium.
 * Not fatal when it cannot be installed: the browser test then says what is missing.
 */
function ensureBrowser() {
  if (findBinary('chromium')) return;
  try {
    installPackage('chromium', 'install Chromium so that /usr/bin/chromium exists');
    log('chromium installed for the browser test');
  } catch (err) {
    if (!(err instanceof InfraError)) throw err;
    log(`${err.message} Without it the browser test cannot run.`);
  }
}

/** Only `npm test` (scripts/test.js) and a direct run need Chromium; `npm start` does without it. */
function wantsBrowser() {
  return require.main === module || path.basename(require.main?.filename ?? '') === 'test.js';
}

// ---------------------------------------------------------------- the database

async function createDatabaseIfMissing(url) {
  const { Client } = require('pg');
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect().catch((err) => {
    // Class 28: the server refused the login; waiting will not change its mind.
    if (!String(err.code).startsWith('28')) throw err;
    const fix = 'allow trust for 127.0.0.1 in pg_hba.conf, or put the password in DATABASE_URL';
    throw new InfraError(`PostgreSQL refused the login: ${err.message}; ${fix}.`);
  });
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return true;
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    log(`created database ${name}`);
    return true;
  } catch (err) {
    // Two processes creating it at once: the loser finds it there.
    if (err.code === '42P04' || err.code === '23505') return true;
    throw err;
  } finally {
    await client.end();
  }
}

/** Creates the database named in the URL; retried because a server just started refuses connections for a moment. */
function ensureDatabase(url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  return waitUntil(`database ${name}`, () => createDatabaseIfMissing(url));
}

async function ensureInfra({ browser = wantsBrowser() } = {}) {
  // One after the other: two apt-get runs at once would fight over the dpkg lock.
  await ensureNats();
  await ensurePostgres();
  await ensureDatabase();
  ensureSandboxTools();
  if (browser) ensureBrowser();
}

module.exports = { ensureNats, ensurePostgres, ensureDatabase, ensureSandboxTools, ensureBrowser, ensureInfra };

if (require.main === module) {
  ensureInfra().then(
    () => log('ready'),
    (err) => {
      log(err instanceof InfraError ? err.message : err.stack || String(err));
      process.exitCode = 1;
    },
  );
}
