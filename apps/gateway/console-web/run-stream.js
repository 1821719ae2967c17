// A run's event stream: EventSource resumes by itself after a drop (sending Last-Event-ID);
// when the browser gives up instead (a refused token, a 204 after the end), it is opened
// again from the last event seen. Events come out once each, in order, until the run ends.
import { isTerminalEvent } from './run-state.js';

const EVENT_TYPES = [
  'run.status', 'agent.message', 'tool.started', 'tool.progress', 'tool.completed', 'tools.batched',
  'budget.updated', 'budget.alert', 'escalation.required', 'escalation.answered', 'sandbox.restored', 'run.completed', 'run.failed',
];
const REOPEN_MS = [1_000, 2_000, 5_000, 10_000];

/**
 * `onState` hears 'connecting', 'live', 'reconnecting' and 'ended'. `hasEnded()` fetches the
 * run's state, for a stream that ended without showing its end.
 */
export class RunStream {
  constructor({ api, runId, verbose, onEvent, onState, hasEnded }) {
    Object.assign(this, { api, runId, verbose, onEvent, onState, hasEnded });
    this.lastId = 0;
    this.state = null;
    this.source = null;
    this.reopenTimer = null;
    this.failures = 0;
    this.stopped = false;
  }

  start() {
    this.setState('connecting');
    return this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.reopenTimer);
    this.source?.close();
  }

  async open() {
    let url;
    try {
      url = await this.api.eventsUrl(this.runId, { verbose: this.verbose, after: this.lastId });
    } catch {
      return this.retryLater(false); // no token yet (a session being refreshed): ask again shortly
    }
    if (this.stopped) return;
    const source = new EventSource(url);
    this.source = source;
    let opened = false;
    source.addEventListener('open', () => {
      opened = true;
      this.failures = 0;
      this.setState('live');
    });
    source.addEventListener('error', () => this.dropped(source, opened));
    for (const type of EVENT_TYPES) source.addEventListener(type, (message) => this.receive(message));
  }

  receive(message) {
    const id = Number(message.lastEventId);
    // A stream opened again after a drop may start with what was already shown.
    if (id && id <= this.lastId) return;
    if (id) this.lastId = id;
    const event = JSON.parse(message.data);
    this.onEvent(event);
    if (isTerminalEvent(event)) this.end();
  }

  end() {
    this.stop();
    this.setState('ended');
  }

  dropped(source, opened) {
    if (this.stopped || source !== this.source) return;
    this.setState('reconnecting');
    // CONNECTING: the browser is already trying again. CLOSED: it has given up, and so must be asked anew.
    if (source.readyState !== EventSource.CLOSED) return;
    source.close();
    this.retryLater(!opened);
  }

  retryLater(refused) {
    const wait = REOPEN_MS[Math.min(this.failures, REOPEN_MS.length - 1)];
    this.failures += 1;
    this.reopenTimer = setTimeout(() => this.reopen(refused), wait);
  }

  /**
   * An EventSource cannot tell a 204 (nothing is left after the run's end) from a failure, so a
   * stream that would not open is asked once by fetch; the run's state then says how it ended.
   */
  async reopen(refused) {
    if (this.stopped) return;
    if (refused && (await this.api.streamIsOver(this.runId, { verbose: this.verbose, after: this.lastId }).catch(() => false))) {
      await this.hasEnded().catch(() => undefined);
      return this.end();
    }
    return this.open();
  }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.onState(state);
  }
}
