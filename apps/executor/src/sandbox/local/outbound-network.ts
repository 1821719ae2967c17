import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { networkInterfaces } from 'node:os';
import { Readable, Writable } from 'node:stream';

export interface OutboundNetworkOptions {
  slirp4netns: string;
  nsenter: string;
  /** How long slirp4netns may take to bring the tap device up. */
  readyTimeoutMs?: number;
}

/**
 * Blocked inside the sandbox besides the host's own addresses: link-local covers the cloud
 * metadata service (169.254.169.254), which hands out the host's credentials.
 */
const ALWAYS_BLOCKED = ['169.254.0.0/16'];

/** The host's own addresses other than loopback (which slirp4netns --disable-host-loopback already refuses). */
export function hostAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal)
    .map((a) => (a!.family === 'IPv4' ? `${a!.address}/32` : `${a!.address.split('%')[0]}/128`));
}

/** `ip -batch` lines that make each address unreachable from inside (EACCES on connect). */
export function blockingRoutes(addresses: string[]): string {
  return [...addresses, ...ALWAYS_BLOCKED]
    .map((cidr) => `route add prohibit ${cidr}\n`)
    .join('');
}

/** The sandbox's pid; null when bubblewrap ended first (its own error then says why). */
async function sandboxPid(info: Readable): Promise<number | null> {
  let text = '';
  for await (const chunk of info) {
    text += String(chunk);
    try {
      const pid = (JSON.parse(text) as { 'child-pid'?: unknown })['child-pid'];
      if (typeof pid === 'number') return pid;
    } catch {
      // Not all of the JSON yet.
    }
  }
  return null;
}

function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The internet for one sandboxed command, through slirp4netns (user-mode TCP/IP: the host's
 * loopback refused with --disable-host-loopback), and routes inside the sandbox's network
 * namespace that refuse every other address of the host, added before the command starts.
 * The sandbox has no capability, so it cannot remove them.
 */
export class OutboundNetwork {
  private constructor(private readonly slirp: ChildProcess | null) {}

  /**
   * Waits for bubblewrap's pid on `info`, wires the network up, then releases the command
   * by writing to `release`. Stop the network when the command has ended.
   */
  static async attach(info: Readable, release: Writable, opts: OutboundNetworkOptions): Promise<OutboundNetwork> {
    const pid = await sandboxPid(info);
    if (pid === null) return new OutboundNetwork(null);
    const netns = `/proc/${pid}/ns/net`;
    // --netns-type=path: as root bubblewrap creates the network namespace before its user
    // namespace, which slirp4netns would otherwise join and then lack the right to enter it.
    // --exit-fd: slirp4netns also ends if the executor dies (the pipe closes).
    const slirp = spawn(opts.slirp4netns, [
      '--configure', '--mtu=65520', '--disable-host-loopback', '--ready-fd=3', '--exit-fd=4', '--netns-type=path', netns, 'tap0',
    ], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
    const network = new OutboundNetwork(slirp);
    try {
      let stderr = '';
      slirp.stderr!.on('data', (d: Buffer) => (stderr = (stderr + String(d)).slice(-2_000)));
      const ready = once(slirp.stdio[3] as Readable, 'data');
      const ended = once(slirp, 'exit').then(() => { throw new Error(`slirp4netns ended before the network was up: ${stderr.trim()}`); });
      await withDeadline(Promise.race([ready, ended]), opts.readyTimeoutMs ?? 10_000, 'slirp4netns');
      await blockHostAddresses(opts.nsenter, netns, blockingRoutes(hostAddresses()));
      release.end('1');
      return network;
    } catch (err) {
      network.stop();
      throw err;
    }
  }

  stop(): void {
    if (!this.slirp) return;
    if (this.slirp.exitCode === null && this.slirp.signalCode === null) this.slirp.kill('SIGKILL');
    for (const stream of this.slirp.stdio) stream?.destroy();
  }
}

async function blockHostAddresses(nsenter: string, netns: string, routes: string): Promise<void> {
  const ip = spawn(nsenter, [`--net=${netns}`, 'ip', '-batch', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  ip.stderr.on('data', (d: Buffer) => (stderr += String(d)));
  ip.stdin.end(routes);
  const [code] = (await once(ip, 'close')) as [number | null];
  if (code !== 0) throw new Error(`could not block the host's addresses in the sandbox (ip exited ${code}): ${stderr.trim()}`);
}
