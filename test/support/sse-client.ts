import net from 'node:net';

export interface SseMessage {
  id?: string;
  event: string;
  data: Record<string, unknown> & { type: string };
}

/** When something arrived, by the test's clock (Date.now()): a message (by its index in `messages`) or a heartbeat. */
export type Arrival = { at: number; heartbeat: true } | { at: number; heartbeat: false; index: number };

/** SSE messages parsed from raw text: each complete block; a block cut short at the end is left out. */
export function parseSse(text: string): { messages: SseMessage[]; heartbeats: number } {
  const blocks = text.split('\n\n').slice(0, -1);
  const messages: SseMessage[] = [];
  let heartbeats = 0;
  for (const block of blocks) {
    const parsed = parseBlock(block);
    if (parsed === 'heartbeat') heartbeats += 1;
    else if (parsed) messages.push(parsed);
  }
  return { messages, heartbeats };
}

function parseBlock(block: string): SseMessage | 'heartbeat' | null {
  const message: Partial<SseMessage> = {};
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) return 'heartbeat';
    if (line.startsWith('id: ')) message.id = line.slice(4);
    else if (line.startsWith('event: ')) message.event = line.slice(7);
    else if (line.startsWith('data: ')) data += line.slice(6);
  }
  return message.event && data ? ({ ...message, data: JSON.parse(data) } as SseMessage) : null;
}

/**
 * A minimal EventSource over fetch, for tests: collects every message and lets a test wait
 * for the one it needs. Heartbeat comments are counted, not kept; `arrivals` says when each came.
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly arrivals: Arrival[] = [];
  heartbeats = 0;
  status = 0;
  headers?: Headers;
  closed = false;
  /** Why the stream broke, if the server did not end it cleanly: reported by the next wait, never as an unhandled rejection. */
  failure?: Error;
  private readonly controller = new AbortController();
  private waiters: (() => void)[] = [];
  private done!: Promise<void>;

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    const res = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: client.controller.signal });
    client.status = res.status;
    client.headers = res.headers;
    client.done = client.read(res);
    return client;
  }

  private async read(res: Response): Promise<void> {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
        }
      }
    } catch (err) {
      if ((err as Error).name !== 'AbortError') this.failure = err as Error;
    } finally {
      this.closed = true;
      this.notify();
    }
  }

  private parse(block: string): void {
    const parsed = parseBlock(block);
    if (parsed === 'heartbeat') {
      this.heartbeats += 1;
      this.arrivals.push({ at: Date.now(), heartbeat: true });
    } else if (parsed) {
      this.arrivals.push({ at: Date.now(), heartbeat: false, index: this.messages.length });
      this.messages.push(parsed);
    } else return;
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves once `count` heartbeat comments have arrived. */
  async heartbeatsReach(count: number, within = 30_000): Promise<void> {
    const deadline = Date.now() + within;
    while (this.heartbeats < count) {
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) throw new Error(`expected ${count} heartbeats, got ${this.heartbeats}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  /** Resolves with the first message matching, waiting for it with a deadline. */
  async until(match: (m: SseMessage) => boolean, what: string, within = 60_000): Promise<SseMessage> {
    const deadline = Date.now() + within;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (this.closed) {
        throw new Error(`stream ${this.failure ? `broke (${this.failure.message})` : 'closed'} before ${what}; got: ${this.messages.map((m) => m.event).join(', ')}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got: ${this.messages.map((m) => m.event).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  /** Waits until the server ends the stream. */
  async ended(within = 30_000): Promise<void> {
    await Promise.race([this.done, new Promise((_, reject) => setTimeout(() => reject(new Error('stream did not end')), within).unref())]);
    if (this.failure) throw new Error(`stream broke: ${this.failure.message}`);
  }

  close(): void {
    this.controller.abort();
  }
}

/**
 * A client that stops reading as soon as it has asked: its socket fills and the gateway's
 * writes back up. `drain()` reads what the kernel kept for it, until the server closes.
 */
export class StalledSseClient {
  private constructor(private readonly socket: net.Socket) {}

  static async open(url: string, headers: Record<string, string>): Promise<StalledSseClient> {
    const { hostname, port, pathname, search } = new URL(url);
    const socket = net.connect({ host: hostname, port: Number(port) });
    await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
    socket.pause();
    const lines = [`GET ${pathname}${search} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Accept: text/event-stream',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    return new StalledSseClient(socket);
  }

  /** Reads everything the socket holds until the server has closed it; the events in the chunked body that came whole. */
  async drain(within = 30_000): Promise<SseMessage[]> {
    const chunks: Buffer[] = [];
    this.socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise<void>((resolve) => { this.socket.once('close', () => resolve()); });
    this.socket.resume();
    await Promise.race([ended, new Promise((_, reject) => setTimeout(() => reject(new Error('the stalled stream was not closed by the server')), within).unref())]);
    const raw = Buffer.concat(chunks);
    return parseSse(unchunk(raw.subarray(raw.indexOf('\r\n\r\n') + 4))).messages;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The body of a chunked HTTP/1.1 response, as far as its chunks came whole (sizes count bytes, so it reads bytes). */
function unchunk(body: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
    if (!(size > 0) || eol + 2 + size > body.length) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts).toString('utf8');
}
