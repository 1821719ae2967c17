import { RunEventBody } from '@cofounder/contracts';
import { PublishedEventLog, PublishIntent } from './published-event-log';
import { PublishOnce } from './publish-once';
import type { RunEventPublisher } from './run-event.publisher';

/** A record that answers each key as told (`first` by default); a key in `held` is answered once the test releases it. */
class ScriptedLog extends PublishedEventLog {
  readonly marked: string[] = [];
  readonly forgotten: string[] = [];
  readonly asked: string[] = [];
  private release!: () => void;
  private readonly released = new Promise<void>((resolve) => { this.release = resolve; });
  constructor(private readonly answers: Record<string, PublishIntent | Error> = {}, private readonly held = new Set<string>()) {
    super();
  }
  releaseHeld(): void {
    this.release();
  }
  async intend(_runId: string, key: string): Promise<PublishIntent> {
    this.asked.push(key);
    if (this.held.has(key)) await this.released;
    const answer = this.answers[key] ?? { kind: 'first' };
    if (answer instanceof Error) throw answer;
    return answer;
  }
  async markPublished(_runId: string, key: string, seq: number): Promise<void> {
    this.marked.push(`${key}@${seq}`);
  }
  async forgetActivity(runId: string): Promise<void> {
    this.forgotten.push(runId);
  }
}

/** The stream as the publisher sees it: what was published, in order, and what a look-up finds. */
function stream(stored: Record<string, number> = {}) {
  const published: string[] = [];
  const lookups: { key: string; afterSeq: number }[] = [];
  const events = {
    publish: async (_runId: string, key: string) => { published.push(key); return 100 + published.length; },
    storedSeq: async (_runId: string, key: string, _event: unknown, afterSeq: number) => { lookups.push({ key, afterSeq }); return stored[key] ?? null; },
  } as unknown as RunEventPublisher;
  return { events, published, lookups };
}

const message: RunEventBody = { type: 'agent.message', text: 'Hello.' };

describe('PublishOnce', () => {
  it('publishes a key never tried and records its sequence; one already published, never again', async () => {
    const s = stream();
    const log = new ScriptedLog({ 'old': { kind: 'published' } });
    const once = new PublishOnce(s.events, log);
    await once.publish('run', 'new', message);
    await once.publish('run', 'old', message);
    expect(s.published).toEqual(['new']);
    expect(log.marked).toEqual(['new@101']);
  });

  it('asks the stream about an unsure key after its bound: found, only recorded; missing, published', async () => {
    const s = stream({ found: 42 });
    const log = new ScriptedLog({ found: { kind: 'unsure', afterSeq: 40 }, missing: { kind: 'unsure', afterSeq: 41 } });
    const once = new PublishOnce(s.events, log);
    await once.publish('run', 'found', message);
    await once.publish('run', 'missing', message);
    expect(s.lookups).toEqual([{ key: 'found', afterSeq: 40 }, { key: 'missing', afterSeq: 41 }]);
    expect(s.published).toEqual(['missing']);
    expect(log.marked).toEqual(['found@42', 'missing@101']);
  });

  it('forgets the run\'s activity once an event that ends it is published', async () => {
    const log = new ScriptedLog();
    const once = new PublishOnce(stream().events, log);
    await once.publish('run', 'status:paused:1', { type: 'run.status', status: 'paused' });
    expect(log.forgotten).toEqual([]);
    await once.publish('run', 'status:cancelled:1', { type: 'run.status', status: 'cancelled' });
    expect(log.forgotten).toEqual(['run']);
  });

  it('with the record out of reach, asks the stream from the run\'s first event; any other failure is thrown', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const s = stream({ shown: 7 });
    const once = new PublishOnce(s.events, new ScriptedLog({ shown: refused, unseen: refused, broken: new Error('a bug') }));
    await once.publish('run', 'shown', message);
    await once.publish('run', 'unseen', message);
    await expect(once.publish('run', 'broken', message)).rejects.toThrow('a bug');
    expect(s.lookups).toEqual([{ key: 'shown', afterSeq: 0 }, { key: 'unseen', afterSeq: 0 }]);
    expect(s.published).toEqual(['unseen']);
  });

  it('keeps a run\'s order when a slow record would let a later event overtake, and a failure does not stop the next', async () => {
    const s = stream();
    const log = new ScriptedLog({ failing: new Error('a bug') }, new Set(['progress']));
    const once = new PublishOnce(s.events, log);
    const progress = once.publish('run', 'progress', message); // not awaited, as a tool's progress is not
    const failing = once.publish('run', 'failing', message);
    const completed = once.publish('run', 'completed', message);
    // The record is still deciding about progress; the later events have had every chance to overtake it.
    while (!log.asked.includes('progress')) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(s.published).toEqual([]);
    log.releaseHeld();
    await completed;
    await progress;
    await expect(failing).rejects.toThrow('a bug');
    expect(s.published).toEqual(['progress', 'completed']);
  });
});
