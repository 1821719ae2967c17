import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StorageType } from '@nats-io/jetstream';
import { freePort, portAnswers } from '../../../test/support/free-port';
import { waitFor } from '../../../test/support/wait-for';
import { JetStreamPublisher, PUBLISH_PATIENCE_MS } from './event.publisher';
import { NatsConnectionHolder } from './nats-connection';

/** A nats-server of this file's own, since the test restarts it; same port and storage each time. */
class RestartableNats {
  private child?: ChildProcess;
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'cf-nats-publisher-'));
  constructor(readonly port: number) {}

  async start(): Promise<void> {
    this.child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dir], { stdio: 'ignore' });
    await waitFor(async () => ((await portAnswers(this.port)) ? true : undefined), 'the private NATS server', 20_000);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); });
  }
}

describe('JetStreamPublisher across a NATS restart', () => {
  let nats: RestartableNats;
  const holder = new NatsConnectionHolder();
  const publisher = new JetStreamPublisher(holder);

  beforeAll(async () => {
    nats = new RestartableNats(await freePort());
    await nats.start();
    await holder.connect(`nats://127.0.0.1:${nats.port}`, 'publisher-restart-test');
    await holder.jsm.streams.add({ name: 'P', subjects: ['p.>'], storage: StorageType.File, duplicate_window: 60_000_000_000 });
  });
  afterAll(async () => {
    await holder.nc.close();
    await nats.stop();
    rmSync(nats.dir, { recursive: true, force: true });
  });

  it('waits out a 3-second restart and stores the message once, instead of failing after its time-outs', async () => {
    await publisher.publish('p.before', { n: 0 }, 'before');
    await nats.stop();
    const publishing = publisher.publish('p.during', { n: 1 }, 'during');
    const restarted = new Promise<void>((resolve, reject) => {
      // The fault injected: the server away for three seconds, as in the fault-injection report.
      setTimeout(() => nats.start().then(resolve, reject), 3_000);
    });
    const ack = await publishing;
    await restarted;
    expect(ack.duplicate).toBe(false);
    const info = await holder.jsm.streams.info('P');
    expect(info.state.messages).toBe(2);
    // Published again by a caller that retries: the same id is not stored twice.
    expect((await publisher.publish('p.during', { n: 1 }, 'during')).duplicate).toBe(true);
  });

  it('gives up with an outage error when NATS stays away past its patience', async () => {
    await nats.stop();
    const started = Date.now();
    try {
      await expect(publisher.publish('p.away', { n: 2 }, 'away')).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(PUBLISH_PATIENCE_MS + 3_000);
    } finally {
      await nats.start();
    }
  });
});
