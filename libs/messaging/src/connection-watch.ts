import type { NatsConnection } from '@nats-io/transport-node';

/**
 * Whether a NATS connection is up, from its status events. nats.js keeps what is sent while
 * it reconnects, but the answer to a request sent then never comes: a caller that knows the
 * connection is down waits for it instead of for a time-out, and one that learns of a
 * reconnect can set up again what the restarted server forgot (in-memory consumers).
 */
export class ConnectionWatch {
  private up = true;
  private readonly onRestored = new Set<() => void>();
  private readonly onLost = new Set<() => void>();

  private constructor(private readonly nc: NatsConnection) {
    void this.follow();
  }

  /** One watch per connection, shared by everything in the process that borrows it. */
  static of(nc: NatsConnection): ConnectionWatch {
    let watch = WATCHES.get(nc);
    if (!watch) {
      watch = new ConnectionWatch(nc);
      WATCHES.set(nc, watch);
    }
    return watch;
  }

  get connected(): boolean {
    return this.up && !this.nc.isClosed();
  }

  /** Calls `listener` at every reconnect; returns how to stop. */
  whenRestored(listener: () => void): () => void {
    this.onRestored.add(listener);
    return () => this.onRestored.delete(listener);
  }

  /** Calls `listener` at every loss of the connection; returns how to stop. */
  whenLost(listener: () => void): () => void {
    this.onLost.add(listener);
    return () => this.onLost.delete(listener);
  }

  /** Resolves true once connected, or false when `ms` pass first or the connection closes for good. */
  untilConnected(ms: number): Promise<boolean> {
    if (this.connected) return Promise.resolve(true);
    if (this.nc.isClosed()) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (value: boolean) => { clearTimeout(timer); stop(); resolve(value); };
      const timer = setTimeout(() => done(false), Math.max(0, ms));
      const stop = this.whenRestored(() => done(true));
      void this.nc.closed().then(() => done(false));
    });
  }

  private async follow(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') {
        this.up = false;
        for (const listener of [...this.onLost]) listener();
      } else if (status.type === 'reconnect') {
        this.up = true;
        for (const listener of [...this.onRestored]) listener();
      }
    }
  }
}

const WATCHES = new WeakMap<NatsConnection, ConnectionWatch>();
