import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { buildMessage } from './message-builder';
import { brokenOffEvents, encodeSse, messageEvents, splitIntoPieces } from './sse-writer';

const message = buildMessage({
  content: [
    { type: 'text', text: 'Let me run the tests now.' },
    { type: 'tool_use', name: 'write', input: { path: 'a.txt', content: 'naïve 🚀 "quoted"\n' } },
  ],
}, 'cofounder-sim', 42);

describe('messageEvents', () => {
  const events = messageEvents(message);

  it('follows the real API order', () => {
    expect(events.map((e) => e.type)).toEqual([
      'message_start', 'ping',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'message_delta', 'message_stop',
    ]);
  });

  it('starts empty and puts the stop reason and usage in message_delta', () => {
    expect(events[0]).toMatchObject({ message: { id: message.id, content: [], stop_reason: null, usage: { input_tokens: 42 } } });
    expect(events.at(-2)).toMatchObject({ delta: { stop_reason: 'tool_use' }, usage: { output_tokens: message.usage.output_tokens } });
  });

  it('sends tool input as JSON pieces that join back to the input', () => {
    const json = events
      .filter((e): e is Extract<RawMessageStreamEvent, { type: 'content_block_delta' }> => e.type === 'content_block_delta')
      .map((e) => (e.delta.type === 'input_json_delta' ? e.delta.partial_json : ''))
      .join('');
    expect(JSON.parse(json)).toEqual({ path: 'a.txt', content: 'naïve 🚀 "quoted"\n' });
  });
});

describe('brokenOffEvents', () => {
  const overloaded = { type: 'error' as const, error: { type: 'overloaded_error', message: 'Overloaded' } };

  it('starts the message, sends its first piece, then the error and nothing after', () => {
    const events = brokenOffEvents(message, overloaded);
    expect(events.map((e) => e.type)).toEqual(['message_start', 'ping', 'content_block_start', 'content_block_delta', 'error']);
    expect(events.at(-1)).toEqual(overloaded);
  });

  it('breaks off after the start when the message has no content', () => {
    const empty = buildMessage({ content: [] }, 'cofounder-sim', 1);
    expect(brokenOffEvents(empty, overloaded).map((e) => e.type)).toEqual(['message_start', 'ping', 'error']);
  });
});

describe('splitIntoPieces', () => {
  it('never splits a surrogate pair', () => {
    expect(splitIntoPieces('🚀🚀🚀')).toEqual(['🚀', '🚀', '🚀']);
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
