import { ManualClock } from '@cofounder/config';
import { promptPrefixes } from './prompt-cache';
import { PromptCacheStore } from './prompt-cache-store';

const mark = (ttl?: '1h') => ({ cache_control: ttl ? { type: 'ephemeral', ttl } : { type: 'ephemeral' } });
const big = (label: string) => ({ type: 'text', text: `${label} ${'x'.repeat(4_200)}` });
const prompt = (ttl?: '1h') => promptPrefixes({ messages: [{ role: 'user', content: [{ ...big('goal'), ...mark(ttl) }] as never }] });
const TOTAL = 2_000;

describe('PromptCacheStore', () => {
  let clock: ManualClock;
  let store: PromptCacheStore;
  beforeEach(() => {
    clock = new ManualClock(new Date('2026-12-01T10:00:00Z'));
    store = new PromptCacheStore(clock);
  });

  it('writes on the first call and reads on the next, the rest of the prompt plain input', () => {
    const size = prompt().tokens[0];
    expect(store.settle('run-1', prompt(), TOTAL)).toEqual({
      input_tokens: TOTAL - size, cache_creation_input_tokens: size, cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: size, ephemeral_1h_input_tokens: 0 },
    });
    expect(store.settle('run-1', prompt(), TOTAL)).toMatchObject({ cache_read_input_tokens: size, cache_creation_input_tokens: 0, input_tokens: TOTAL - size });
  });

  it('keeps each run\'s cache apart, a run\'s summaries too', () => {
    store.settle('run-1', prompt(), TOTAL);
    expect(store.settle('run-2', prompt(), TOTAL).cache_read_input_tokens).toBe(0);
    expect(store.settle('run-1:compact', prompt(), TOTAL).cache_read_input_tokens).toBe(0);
  });

  it('forgets a 5-minute entry after 5 minutes of the clock, and a read renews it', () => {
    store.settle('run-1', prompt(), TOTAL);
    clock.advance(299_000);
    expect(store.settle('run-1', prompt(), TOTAL).cache_read_input_tokens).toBeGreaterThan(0);
    clock.advance(299_000);
    expect(store.settle('run-1', prompt(), TOTAL).cache_read_input_tokens).toBeGreaterThan(0);
    clock.advance(300_000);
    expect(store.settle('run-1', prompt(), TOTAL).cache_read_input_tokens).toBe(0);
  });

  it('keeps a 1-hour entry for the hour, counted as a 1-hour write', () => {
    expect(store.settle('run-1', prompt('1h'), TOTAL).cache_creation.ephemeral_1h_input_tokens).toBe(prompt().tokens[0]);
    clock.advance(3_599_000);
    expect(store.settle('run-1', prompt('1h'), TOTAL).cache_read_input_tokens).toBeGreaterThan(0);
  });
});
