import { EventEmitter } from 'node:events';
import type { Response } from 'express';

/** What an SSE connection needs of Express's response, for unit tests: writes are kept; `stalled` makes the socket stop taking them. */
export class FakeSseResponse extends EventEmitter {
  readonly written: string[] = [];
  stalled = false;
  writableNeedDrain = false;
  destroyed = false;
  finished = false;
  status() { return this; }
  set() { return this; }
  flushHeaders() { /* headers are not what these tests look at */ }
  write(chunk: string) {
    this.written.push(chunk);
    if (this.stalled) this.writableNeedDrain = true;
    return !this.stalled;
  }
  end() { this.finished = true; this.emit('close'); }
  destroy() { this.destroyed = true; this.emit('close'); }
  drain() { this.stalled = false; this.writableNeedDrain = false; this.emit('drain'); }
  /** The browser goes away. */
  leave() { this.emit('close'); }

  get asResponse(): Response {
    return this as unknown as Response;
  }

  /** The event ids written, in order. */
  get ids(): number[] {
    return this.written.flatMap((w) => /^id: (\d+)/.exec(w)?.[1] ?? []).map(Number);
  }
}
