import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { buildMessage } from './message-builder';
import { brokenOffEvents, encodeSse, messageEvents, PIECE_CHARS, splitIntoPieces } from './sse-writer';

type Delta = Extract<RawMessageStreamEvent, { type: 'content_block_delta' }>;

const NOTE = { path: 'a.txt', content: 'naïve 🚀 "quoted"\n and a line long enough to need several pieces' };
const message = buildMessage({
  content: [
    { type: 'text', text: 'Let me run the tests now.' },
    { type: 'tool_use', name: 'write', input: NOTE },
  ],
}, 'cofounder-sim', 42);

const deltasOf = (events: ReturnType<typeof messageEvents>, index: number): Delta['delta'][] => events
  .filter((e): e is Delta => e.type === 'content_block_delta' && e.index === index)
  .map((e) => e.delta);
const jsonPieces = (events: ReturnType<typeof messageEvents>, index: number): string[] =>
  deltasOf(events, index).map((d) => (d.type === 'input_json_delta' ? d.partial_json : '<not json>'));

describe('messageEvents', () => {
  const events = messageEvents(message);

  it('follows the real API order: the ping comes after the first block starts', () => {
    const types = events.map((e) => e.type);
    expect(types.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(types.filter((t) => t === 'ping')).toHaveLength(1);
    expect(types.filter((t) => t === 'content_block_stop')).toHaveLength(2);
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
  });

  it('sends the ping right after message_start when there is no block', () => {
    const empty = buildMessage({ content: [] }, 'cofounder-sim', 1);
    expect(messageEvents(empty).map((e) => e.type)).toEqual(['message_start', 'ping', 'message_delta', 'message_stop']);
  });

  it('starts empty and puts the stop reason, stop sequence and usage in message_delta', () => {
    expect(events[0]).toMatchObject({ message: { id: message.id, content: [], stop_reason: null, usage: { input_tokens: 42 } } });
    expect(events.at(-2)).toMatchObject({ delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: message.usage.output_tokens } });
    const stopped = buildMessage({ content: [{ type: 'text', text: 'Done.' }], stopReason: 'stop_sequence', stopSequence: 'END' }, 'm', 1);
    expect(messageEvents(stopped).at(-2)).toMatchObject({ delta: { stop_reason: 'stop_sequence', stop_sequence: 'END' } });
  });

  it('gives message_start the usage shape of the API, cache_creation included', () => {
    expect(events[0]).toMatchObject({ message: { usage: { cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 } } } });
  });

  it('sends tool input as an empty piece, then pieces by size that join back to the input', () => {
    const pieces = jsonPieces(events, 1);
    expect(pieces[0]).toBe('');
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.slice(1).every((p) => p.length > 0 && Array.from(p).length <= PIECE_CHARS)).toBe(true);
    expect(JSON.parse(pieces.join(''))).toEqual(NOTE);
  });

  it('sends a tool without arguments one empty piece only', () => {
    const bare = buildMessage({ content: [{ type: 'tool_use', name: 'ls', input: {} }] }, 'm', 1);
    expect(jsonPieces(messageEvents(bare), 0)).toEqual(['']);
  });

  it('streams a cut tool call as its truncated JSON with no content_block_stop for it', () => {
    const cutJson = JSON.stringify(NOTE).slice(0, 30);
    const cut = buildMessage({ content: [{ type: 'text', text: 'Writing.' }, { type: 'tool_use', name: 'write', input: { path: 'a.txt' } }], stopReason: 'max_tokens' }, 'm', 1);
    const cutEvents = messageEvents(cut, cutJson);
    expect(jsonPieces(cutEvents, 1).join('')).toBe(cutJson);
    expect(cutEvents.filter((e) => e.type === 'content_block_stop')).toEqual([{ type: 'content_block_stop', index: 0 }]);
    expect(cutEvents.map((e) => e.type).slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(cutEvents.at(-2)).toMatchObject({ delta: { stop_reason: 'max_tokens' } });
  });
});

describe('brokenOffEvents', () => {
  const overloaded = { type: 'error' as const, error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_1' };

  it('starts the message, sends its first piece, then the error and nothing after', () => {
    const events = brokenOffEvents(message, overloaded);
    expect(events.map((e) => e.type)).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_delta', 'error']);
    expect(events.at(-1)).toEqual(overloaded);
  });

  it('breaks off after the start when the message has no content', () => {
    const empty = buildMessage({ content: [] }, 'cofounder-sim', 1);
    expect(brokenOffEvents(empty, overloaded).map((e) => e.type)).toEqual(['message_start', 'ping', 'error']);
  });
});

describe('splitIntoPieces', () => {
  it('splits by size and never inside a surrogate pair', () => {
    const rockets = '🚀'.repeat(PIECE_CHARS + 1);
    expect(splitIntoPieces(rockets)).toEqual(['🚀'.repeat(PIECE_CHARS), '🚀']);
  });

  it('gives nothing for empty text', () => {
    expect(splitIntoPieces('')).toEqual([]);
  });
});

describe('encodeSse', () => {
  it('names the event and puts the JSON on one data line', () => {
    expect(encodeSse({ type: 'message_stop' })).toBe('event: message_stop\ndata: {"type":"message_stop"}\n\n');
  });
});
