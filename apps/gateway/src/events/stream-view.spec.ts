import type { RunEvent, RunEventBody } from '@cofounder/contracts';
import type { StreamMessage } from './run-digest';
import { DELIVERY_SETTLE_MS, DigestView, flushDelay, isVerbose, streamView, StreamView } from './stream-view';

const runId = '7c8f4b7e-2f1c-4d8e-9a55-3b2f5f0c1a10';
const t0 = Date.parse('2026-11-24T10:00:00.000Z');
const times = { batchWindowMs: 2_000, toolProgressMs: 5_000 };

/** A run's events as the EVENTS stream holds them: sequences from 1, each at `t0 + ms`. */
function recorded(...events: [ms: number, body: RunEventBody][]): StreamMessage[] {
  return events.map(([ms, body], i) => ({ seq: i + 1, event: { ...body, runId, at: new Date(t0 + ms).toISOString() } as RunEvent }));
}
const written = (n: number, toolUseId = `toolu_${n}`): RunEventBody => ({
  type: 'tool.completed', toolUseId, tool: 'write', ok: true, durationMs: 3, summary: `Wrote file-${n}.txt`,
});
const said = (text: string): RunEventBody => ({ type: 'agent.message', text });
const running: RunEventBody = { type: 'run.status', status: 'running' };
const completed: RunEventBody = { type: 'run.completed', summary: 'Done.' };
const budget = (spent: number): RunEventBody => ({
  type: 'budget.updated', spentMicrodollars: spent, budgetMicrodollars: 20_000_000, todayAllowanceMicrodollars: 600_000, spentTodayMicrodollars: spent,
});
const progress = (elapsedMs: number, toolUseId = 'toolu_long'): RunEventBody => ({ type: 'tool.progress', toolUseId, elapsedMs });

/** The default stream as a replay shows it: every event, then nothing more to wait for. */
function replay(messages: StreamMessage[], view: StreamView = new DigestView(times)): StreamMessage[] {
  return [...messages.flatMap((m) => view.accept(m)), ...view.flush()];
}
const shown = (out: StreamMessage[]) => out.map((m) => `${m.seq}:${m.event.type}`);
const body = (m: StreamMessage) => m.event as Extract<RunEvent, { type: 'tools.batched' }>;

describe('the default stream\'s digests', () => {
  it('tells 30 writes in a row within the window as one digest, under the last one\'s sequence', () => {
    const writes = recorded([0, running], ...Array.from({ length: 30 }, (_, i) => [50 + i * 60, written(i)] as [number, RunEventBody]), [1_950, completed]);
    const out = replay(writes);
    expect(shown(out)).toEqual(['1:run.status', '31:tools.batched', '32:run.completed']);
    expect(body(out[1])).toMatchObject({ type: 'tools.batched', runId, count: 30, messages: [] });
    expect(body(out[1]).tools[29]).toEqual({ tool: 'write', summary: 'Wrote file-29.txt', ok: true });
    expect(body(out[1]).at).toBe(writes[30].event.at);
  });

  it('closes the digest at a phase-level event and sends that event as it is', () => {
    const events = recorded(
      [0, said('Looking around.')], [100, written(1)],
      [200, { type: 'escalation.required', escalationId: 'e1', kind: 'retries', reason: 'Stuck', attempts: [], options: ['retry', 'stop'] }],
      [250, { type: 'escalation.answered', escalationId: 'e1', action: 'retry' }],
      [300, written(2)], [400, { type: 'budget.alert', percent: 80 }], [500, written(3)],
    );
    const out = replay(events);
    expect(shown(out)).toEqual(['2:tools.batched', '3:escalation.required', '4:escalation.answered', '5:tools.batched', '6:budget.alert', '7:tools.batched']);
    expect(out[1].event).toBe(events[2].event);
    expect(out[2].event).toBe(events[3].event);
  });

  it('bounds a digest by the `at` of its first event: inside the window joins, at its end starts the next', () => {
    const out = replay(recorded([0, written(1)], [1_999, written(2)], [2_000, written(3)], [3_000, written(4)], [4_000, written(5)]));
    expect(out.map((m) => body(m).count)).toEqual([2, 2, 1]);
    expect(shown(out)).toEqual(['2:tools.batched', '4:tools.batched', '5:tools.batched']);
  });

  it('takes in an event stamped before the first, as billing\'s clock may: the stream\'s order stays the order told', () => {
    const out = replay(recorded([1_000, written(1)], [900, budget(10)], [1_500, said('Next.')]));
    expect(out).toHaveLength(1);
    expect(body(out[0])).toMatchObject({ count: 1, messages: ['Next.'], budget: { spentMicrodollars: 10 } });
  });

  it('keeps the agent\'s messages in order and only the latest budget', () => {
    const out = replay(recorded([0, said('First.')], [10, budget(100)], [20, written(1)], [30, said('Second.')], [40, budget(250)]));
    expect(body(out[0])).toEqual({
      type: 'tools.batched', runId, at: new Date(t0 + 40).toISOString(), count: 1,
      tools: [{ tool: 'write', summary: 'Wrote file-1.txt', ok: true }], messages: ['First.', 'Second.'],
      budget: { spentMicrodollars: 250, budgetMicrodollars: 20_000_000, todayAllowanceMicrodollars: 600_000, spentTodayMicrodollars: 250 },
    });
  });

  it('sends nothing for a digest that held only calls still running', () => {
    const started: RunEventBody = { type: 'tool.started', toolUseId: 'toolu_1', tool: 'bash', summary: 'Running the tests', input: {} };
    const out = replay(recorded([0, started], [8_000, written(1, 'toolu_1')]));
    expect(shown(out)).toEqual(['2:tools.batched']);
  });

  it('gives the same digests on replay as live, where a timer flushed each window once caught up', () => {
    const events = recorded(
      [0, running], [100, said('Writing.')], [150, written(1)], [1_900, written(2)], [4_000, written(3)], [4_100, budget(5)],
      [9_000, said('Done writing.')], [9_100, completed],
    );
    // Live: each event arrives with nothing behind it, and the flush timer fires between windows.
    const live = new DigestView(times);
    const sent: StreamMessage[] = [];
    for (const m of events) {
      const at = Date.parse(m.event.at);
      const endsAt = live.windowEndsAt();
      if (endsAt !== null && at >= endsAt) sent.push(...live.flush());
      sent.push(...live.accept(m));
    }
    expect(sent).toEqual(replay(events));
    expect(replay(events)).toEqual(replay(events));
    expect(shown(sent)).toEqual(['1:run.status', '4:tools.batched', '6:tools.batched', '7:tools.batched', '8:run.completed']);
  });

  it('resumed after a digest, tells what follows as the full replay does', () => {
    const events = recorded([0, written(1)], [100, written(2)], [2_500, written(3)], [2_600, said('Hm.')], [5_000, completed]);
    const full = replay(events);
    expect(replay(events.filter((m) => m.seq > full[0].seq))).toEqual(full.slice(1));
  });

  it('drops the per-turn batches an older orchestrator recorded: the digests tell those calls', () => {
    const legacy: RunEventBody = { type: 'tools.batched', count: 1, tools: [{ tool: 'write', summary: 'Wrote', ok: true }], messages: [] };
    expect(shown(replay(recorded([0, written(1)], [10, legacy])))).toEqual(['1:tools.batched']);
    expect(shown(replay(recorded([0, written(1)], [10, legacy]), streamView(true, times)))).toEqual(['1:tool.completed']);
  });
});

describe('a long tool in the default stream', () => {
  it('shows its progress past 10 s, then at least every 30 s, closing the digest before it', () => {
    const events = recorded(
      [0, said('Installing.')], ...[5, 10, 15, 20, 25, 30, 35, 40, 45, 70].map((s) => [s * 1_000, progress(s * 1_000)] as [number, RunEventBody]),
    );
    const out = replay(events);
    expect(out.map((m) => (m.event.type === 'tool.progress' ? m.event.elapsedMs : m.event.type)))
      .toEqual(['tools.batched', 10_000, 40_000, 70_000]);
  });

  it('says what runs and for how long, in plain words', () => {
    const started: RunEventBody = { type: 'tool.started', toolUseId: 'toolu_long', tool: 'bash', summary: 'Installing dependencies', input: {} };
    const out = replay(recorded([0, started], [10_000, progress(10_000)], [40_000, progress(40_000)], [130_000, progress(130_000)]));
    expect(out.map((m) => (m.event as { summary?: string }).summary)).toEqual([
      'Installing dependencies — 10 s so far', 'Installing dependencies — 40 s so far', 'Installing dependencies — 2 min so far',
    ]);
    expect(shown(replay(recorded([10_000, progress(12_000)])))).toEqual(['1:tool.progress']);
    expect((replay(recorded([10_000, progress(3_900_000)]))[0].event as { summary?: string }).summary).toBe('Still working — 1 h 5 min so far');
  });

  it('counts each tool on its own', () => {
    const out = replay(recorded([0, progress(10_000, 'a')], [1, progress(10_000, 'b')], [2, progress(15_000, 'a')]));
    expect(out.map((m) => m.seq)).toEqual([1, 2]);
  });
});

describe('the verbose stream', () => {
  it('sends every event as it is, and never holds one back', () => {
    const events = recorded([0, running], [10, said('Hi.')], [20, progress(1_000)], [30, written(1)], [40, budget(1)], [50, completed]);
    const view = streamView(true, times);
    expect(events.flatMap((m) => view.accept(m))).toEqual(events);
    expect(view.windowEndsAt()).toBeNull();
  });

  it('is asked for with ?verbose=true or 1', () => {
    expect(isVerbose('true')).toBe(true);
    expect(isVerbose('1')).toBe(true);
    for (const other of [undefined, '', 'false', '0', 'yes']) expect(isVerbose(other)).toBe(false);
  });
});

describe('flushDelay', () => {
  it('waits for the window\'s end and a moment for delivery, never much more than the window', () => {
    expect(flushDelay(t0 + 2_000, t0 + 500, 2_000)).toBe(1_500 + DELIVERY_SETTLE_MS);
    expect(flushDelay(t0, t0 + 500, 2_000)).toBe(DELIVERY_SETTLE_MS);
    expect(flushDelay(t0 + 60_000, t0, 2_000)).toBe(2_000 + DELIVERY_SETTLE_MS);
  });
});
