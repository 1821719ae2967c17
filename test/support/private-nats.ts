import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, portAnswers } from './free-port';
import { waitFor } from './wait-for';

/**
 * A nats-server (with JetStream) of one test file's own, for a service whose subjects are
 * fixed (tools.exec): on the shared server, every test file's copy of it would answer every
 * other file's requests.
 */
export class PrivateNatsServer {
  private constructor(private readonly child: ChildProcess, private readonly dir: string, readonly url: string) {}

  static async start(): Promise<PrivateNatsServer> {
    const port = await freePort();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cf-nats-'));
    const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' });
    await waitFor(async () => ((await portAnswers(port)) ? true : undefined), 'a private NATS server', 20_000);
    return new PrivateNatsServer(child, dir, `nats://127.0.0.1:${port}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const gone = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await gone;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
