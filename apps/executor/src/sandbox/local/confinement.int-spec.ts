import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { AddressInfo, connect, createServer, Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { ExecutorHarness } from '../../../test/executor-harness';

/** Set in the executor's environment before it starts: a command must never see it. */
const MARKER = `CF_TEST_SECRET_${randomUUID().replace(/-/g, '')}`;
const POSTGRES_PORT = 5432;

const hostAddresses = () => Object.values(networkInterfaces()).flat().filter((a) => a && !a.internal && a.family === 'IPv4').map((a) => a!.address);

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2_000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** A bash loop that says OPEN or closed for each host:port, trying each for at most 3 s. */
function probe(targets: string[]): string {
  return `for t in ${targets.join(' ')}; do h=\${t%:*}; p=\${t##*:}; ` +
    'if timeout 3 bash -c "exec 3<>/dev/tcp/$h/$p" 2>/dev/null; then echo "OPEN $t"; else echo "closed $t"; fi; done';
}

/**
 * Each confinement property of the local sandbox, as the model meets it: a bash tool call
 * through tools.exec, under bubblewrap (installed by the set-up; these tests never skip).
 */
describe('local sandbox confinement, through tools.exec', () => {
  let none: ExecutorHarness;
  let outbound: ExecutorHarness;
  /** Stands in for the gateway: an HTTP-like server of ours on the host. */
  let gateway: Server;
  let targets: string[];

  const bash = (executor: ExecutorHarness, command: string, runId: string = randomUUID(), timeout_ms?: number) =>
    executor.exec(runId, 'bash', { command, ...(timeout_ms ? { timeout_ms } : {}) });

  beforeAll(async () => {
    process.env[MARKER] = 'postgres://postgres:hunter2@127.0.0.1/cofounder';
    gateway = createServer((socket) => {
      // The probes hang up at once: a reset is what they do, not a failure of the test.
      socket.on('error', (err: NodeJS.ErrnoException) => expect(err.code).toBe('ECONNRESET'));
      socket.end('HTTP/1.1 200 OK\r\n\r\nours');
    }).listen(0, '0.0.0.0');
    const sandbox = { cpuSeconds: 2, maxFileSizeMb: 1, maxProcesses: 64, memoryLimitMb: 256, env: { CF_SANDBOX_VISIBLE: 'yes' } };
    [none, outbound] = await Promise.all([
      ExecutorHarness.start({ sandbox: { ...sandbox, network: 'none' } }),
      ExecutorHarness.start({ sandbox: { ...sandbox, network: 'outbound' } }),
    ]);
    const ports = [Number(new URL(none.nats.url).port), Number(new URL(outbound.nats.url).port), POSTGRES_PORT, (gateway.address() as AddressInfo).port];
    targets = ['127.0.0.1', '10.0.2.2', ...hostAddresses()].flatMap((host) => ports.map((port) => `${host}:${port}`));
  }, 60_000);

  afterAll(async () => {
    delete process.env[MARKER];
    gateway?.close();
    await Promise.all([none?.close(), outbound?.close()]);
  });

  it('runs in /home/user/project, as an unprivileged user with no capability, and never shows the host folder', async () => {
    const reply = await bash(none, 'pwd; echo "$HOME"; id -u; grep CapEff /proc/self/status; grep project /proc/self/mountinfo; node -e "console.log(process.cwd())"');
    expect(reply.output).toMatch(/^exit code: 0\nstdout:\n\/home\/user\/project\n\/home\/user\/project\n1000\nCapEff:\s+0+\n/);
    expect(reply.output).toContain('\n/home/user/project\nstderr:');
    expect(reply.output).not.toContain(none.dataDir);
  });

  it('cannot write /etc, /home/user, or the root; the workspace and /tmp are writable; nothing appears on the host', async () => {
    const name = `cf-${randomUUID()}`;
    const runId = randomUUID();
    const reply = await bash(none, `for f in /etc/${name} /home/user/${name} /${name} /usr/${name}; do echo x > $f || echo "refused $f"; done; ` +
      `echo mine > ${name} && echo scratch > /tmp/${name} && cat /tmp/${name}`, runId);
    for (const dir of ['/etc', '/home/user', '', '/usr']) {
      expect(reply.output).toContain(`refused ${dir}/${name}`);
      expect(existsSync(`${dir}/${name}`)).toBe(false);
    }
    expect(reply.output).toContain('scratch');
    expect(existsSync(path.join(none.workspace(runId), name))).toBe(true);
    expect(existsSync(`/tmp/${name}`)).toBe(false);
  });

  it('sees no secret of the host: /etc/shadow is masked', async () => {
    const reply = await bash(none, 'cat /etc/shadow; wc -c < /etc/shadow');
    expect(reply.output).not.toMatch(/root:/);
  });

  it('sees only its own processes', async () => {
    const reply = await bash(none, 'ps -eo pid,comm --no-headers');
    const commands = reply.output.split('\nstdout:\n')[1].split('\nstderr:')[0].trim().split('\n').map((line) => line.trim().split(/\s+/)[1]);
    // bash runs a lone command in its own place: bubblewrap's init and ps are all there is.
    expect(commands).toEqual(['bwrap', 'ps']);
  });

  it('has an environment with nothing of ours: only the variables the configuration gives', async () => {
    const reply = await bash(none, 'env | cut -d= -f1 | sort');
    const names = reply.output.split('\nstdout:\n')[1].split('\nstderr:')[0].split('\n');
    expect(names).toEqual(['CF_SANDBOX_VISIBLE', 'HOME', 'LANG', 'PATH', 'PWD', 'SHLVL', 'TERM', 'XDG_CACHE_HOME', '_', 'npm_config_cache']);
    expect(reply.output).not.toContain(MARKER);
    expect((await bash(none, 'echo "$CF_SANDBOX_VISIBLE:$DATABASE_URL:$NATS_URL"')).output).toContain('\nyes::\n');
  });

  describe('network', () => {
    it('the test can reach each of its targets from the host (so refusals below mean something)', async () => {
      expect(await answers('127.0.0.1', (gateway.address() as AddressInfo).port)).toBe(true);
      for (const host of hostAddresses()) expect(await answers(host, (gateway.address() as AddressInfo).port)).toBe(true);
    });

    it('none: no interface but loopback, and NATS, PostgreSQL and the gateway are out of reach', async () => {
      const reply = await bash(none, `ip -o addr | awk '{print $2}' | sort -u; ${probe(targets)}`, randomUUID(), 60_000);
      expect(reply.output).toMatch(/^exit code: 0\nstdout:\nlo\n/);
      expect(reply.output).not.toContain('OPEN');
      expect(reply.output.match(/closed /g)).toHaveLength(targets.length);
    }, 70_000);

    it('outbound: a tap device configured by slirp4netns, and the host (loopback and its other addresses) still out of reach', async () => {
      const reply = await bash(outbound, `ip -o -4 addr show tap0; ip route; ${probe(targets)}`, randomUUID(), 60_000);
      expect(reply.output).toContain('inet 10.0.2.100/24');
      expect(reply.output).toContain('default via 10.0.2.2 dev tap0');
      for (const host of hostAddresses()) expect(reply.output).toContain(`prohibit ${host}`);
      expect(reply.output).not.toContain('OPEN');
      expect(reply.output.match(/closed /g)).toHaveLength(targets.length);
    }, 70_000);

    it('outbound: slirp4netns is stopped when the command ends', async () => {
      await bash(outbound, 'true');
      const reply = await bash(none, 'true');
      expect(reply.isError).toBe(false);
      const { execFileSync } = await import('node:child_process');
      const running = execFileSync('ps', ['-eo', 'comm', '--no-headers'], { encoding: 'utf8' }).split('\n').filter((c) => c === 'slirp4netns');
      expect(running).toHaveLength(0);
    });
  });

  describe('limits: each hit is a clear result, and the run goes on', () => {
    it('a fork bomb is held at the process limit and killed at its timeout, while another run works', async () => {
      const bombRun = randomUUID();
      const [bomb, other] = await Promise.all([
        bash(none, 'bomb() { bomb | bomb & }; bomb; sleep 60', bombRun, 5_000),
        bash(none, 'for i in 1 2 3 4 5; do echo tick $i; sleep 0.3; done'),
      ]);
      expect(bomb.output).toMatch(/^exit code: 124 \(timed out after 5000 ms; the command and every process it started were killed\) \(it tried to run more than 64 processes at once/);
      expect(other).toMatchObject({ isError: false, output: expect.stringContaining('tick 5') });
      expect(await bash(none, 'echo again', bombRun)).toMatchObject({ isError: false, output: expect.stringContaining('again') });
    }, 30_000);

    it('a memory hog fails with its own error and a note, while another run works', async () => {
      const [hog, other] = await Promise.all([
        bash(none, `node -e 'const a = []; for (;;) a.push(Buffer.alloc(16 * 1024 * 1024, 1))'`),
        bash(none, 'for i in 1 2 3; do echo tick $i; sleep 0.2; done'),
      ]);
      expect(hog.isError).toBe(true);
      expect(hog.output).toContain('(it ran out of memory: a command may allocate at most 256 MB)');
      expect(other).toMatchObject({ isError: false, output: expect.stringContaining('tick 3') });
    }, 30_000);

    it('CPU time: stopped at the limit with a note', async () => {
      const reply = await bash(none, 'while :; do :; done', randomUUID(), 20_000);
      expect(reply.output).toMatch(/^exit code: 152 \(stopped: it used more than 2 s of CPU time, the limit for each process\)/);
    }, 30_000);

    it('file size: a file larger than the limit is cut off with a note', async () => {
      const runId = randomUUID();
      const reply = await bash(none, 'head -c 3000000 /dev/zero > big.bin', runId);
      expect(reply.output).toMatch(/^exit code: 153 \(stopped: it wrote a file larger than 1 MB, the limit for each file\)/);
      expect(statSync(path.join(none.workspace(runId), 'big.bin')).size).toBeLessThanOrEqual(1024 * 1024);
    });
  });
});
