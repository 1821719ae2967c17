export interface SseMessage {
  id?: string;
  event: string;
  data: Record<string, unknown> & { type: string };
}

/**
 * A minimal EventSource over fetch, for tests: collects every message and lets a test wait
 * for the one it needs. Heartbeat comments are counted, not kept.
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
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
    const message: Partial<SseMessage> = {};
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.heartbeats += 1;
        this.notify();
      }
      else if (line.startsWith('id: ')) message.id = line.slice(4);
      else if (line.startsWith('event: ')) message.event = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (message.event && data) {
      this.messages.push({ ...message, data: JSON.parse(data) } as SseMessage);
      this.notify();
    }
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
