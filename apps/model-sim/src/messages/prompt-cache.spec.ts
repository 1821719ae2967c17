import { ApiError } from './api-error';
import { MessageRequest } from './message-request';
import { MIN_CACHED_TOKENS, promptBlocks, promptPrefixes, settleCache } from './prompt-cache';

const mark = (ttl?: '1h') => ({ cache_control: ttl ? { type: 'ephemeral', ttl } : { type: 'ephemeral' } });
// Over 1,024 tokens of text: a block big enough to be cached on its own.
const big = (label: string) => ({ type: 'text', text: `${label} ${'x'.repeat(4_200)}` });
const request = (content: object[], system?: unknown): Pick<MessageRequest, 'tools' | 'system' | 'messages'> => ({
  tools: [{ name: 'bash', input_schema: { type: 'object' } }],
  system,
  messages: [{ role: 'user', content: content as MessageRequest['messages'][number]['content'] }],
});
const none = () => false;

describe('promptPrefixes', () => {
  it('orders the blocks tools, system, then the messages\' blocks', () => {
    const blocks = promptBlocks(request([{ type: 'text', text: 'goal' }], 'be brief'));
    expect(blocks).toEqual([{ name: 'bash', input_schema: { type: 'object' } }, 'be brief', { type: 'text', text: 'goal' }]);
  });

  it('sizes each prefix as its blocks in JSON, characters over 4 rounded up, markers left out', () => {
    const prompt = promptPrefixes(request([{ type: 'text', text: 'goal', ...mark() }]));
    const tool = JSON.stringify({ name: 'bash', input_schema: { type: 'object' } }).length;
    const text = JSON.stringify({ type: 'text', text: 'goal' }).length;
    expect(prompt.tokens).toEqual([Math.ceil(tool / 4), Math.ceil((tool + text) / 4)]);
    expect(prompt.breakpoints).toEqual([{ index: 1, ttl: '5m' }]);
  });

  it('names a prefix by its content, wherever the markers are', () => {
    const marked = promptPrefixes(request([big('a'), { ...big('b'), ...mark() }]));
    const moved = promptPrefixes(request([{ ...big('a'), ...mark() }, big('b')]));
    const changed = promptPrefixes(request([big('a'), big('c')]));
    expect(moved.keys).toEqual(marked.keys);
    expect(changed.keys[1]).toBe(marked.keys[1]);
    expect(changed.keys[2]).not.toBe(marked.keys[2]);
  });

  it('refuses a fifth breakpoint as the API does', () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ ...big(String(i)), ...mark() }));
    expect(() => promptPrefixes(request(five))).toThrow(ApiError);
    expect(() => promptPrefixes(request(five.slice(1)))).not.toThrow();
  });

  it('refuses a 1-hour breakpoint after a 5-minute one', () => {
    expect(() => promptPrefixes(request([{ ...big('a'), ...mark() }, { ...big('b'), ...mark('1h') }])))
      .toThrow('must not come after');
    expect(() => promptPrefixes(request([{ ...big('a'), ...mark('1h') }, { ...big('b'), ...mark() }]))).not.toThrow();
  });
});

describe('settleCache', () => {
  it('writes up to the last breakpoint when nothing is cached, and reads nothing', () => {
    const prompt = promptPrefixes(request([big('a'), { ...big('b'), ...mark() }, big('c')]));
    const outcome = settleCache(prompt, none);
    expect(outcome).toMatchObject({ readTokens: 0, readKey: null, created: { '5m': prompt.tokens[2], '1h': 0 } });
    expect(outcome.writes).toEqual([{ key: prompt.keys[2], ttl: '5m' }]);
  });

  it('reads the longest cached prefix within 20 blocks before a breakpoint, and writes the rest', () => {
    const blocks = Array.from({ length: 22 }, (_, i) => big(String(i)));
    const prompt = promptPrefixes(request([...blocks.slice(0, 21), { ...blocks[21], ...mark() }]));
    const cached = new Set([prompt.keys[2], prompt.keys[5]]);
    const outcome = settleCache(prompt, (key) => cached.has(key));
    expect(outcome.readTokens).toBe(prompt.tokens[5]);
    expect(outcome.created['5m']).toBe(prompt.tokens[22] - prompt.tokens[5]);
  });

  it('does not look back further than 20 blocks', () => {
    const blocks = Array.from({ length: 23 }, (_, i) => big(String(i)));
    const prompt = promptPrefixes(request([...blocks.slice(0, 22), { ...blocks[22], ...mark() }]));
    expect(settleCache(prompt, (key) => key === prompt.keys[2]).readTokens).toBe(0);
    expect(settleCache(prompt, (key) => key === prompt.keys[3]).readTokens).toBe(prompt.tokens[3]);
  });

  it('reads only at the request\'s breakpoints: a cached prefix past the last one is not read', () => {
    const prompt = promptPrefixes(request([{ ...big('a'), ...mark() }, big('b'), big('c')]));
    expect(settleCache(prompt, (key) => key === prompt.keys[3]).readTokens).toBe(0);
  });

  it('neither reads nor writes a prefix under 1,024 tokens', () => {
    const prompt = promptPrefixes(request([{ type: 'text', text: 'short', ...mark() }]));
    expect(prompt.tokens[1]).toBeLessThan(MIN_CACHED_TOKENS);
    const outcome = settleCache(prompt, () => true);
    expect(outcome).toMatchObject({ readTokens: 0, created: { '5m': 0, '1h': 0 }, writes: [] });
  });

  it('counts each written stretch under the TTL of the breakpoint that ends it', () => {
    const prompt = promptPrefixes(request([{ ...big('a'), ...mark('1h') }, big('b'), { ...big('c'), ...mark() }]));
    const outcome = settleCache(prompt, none);
    expect(outcome.created).toEqual({ '1h': prompt.tokens[1], '5m': prompt.tokens[3] - prompt.tokens[1] });
  });
});
