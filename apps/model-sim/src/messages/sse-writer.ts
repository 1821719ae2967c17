import type { ContentBlock, Message, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type { Response } from 'express';
import type { ApiErrorBody } from './api-error';

export type SseEvent = RawMessageStreamEvent | { type: 'ping' } | ApiErrorBody;

// Clients must join partial deltas themselves, so a block arrives in pieces of at most this many characters.
export const PIECE_CHARS = 16;

/** Splits on code points, never inside a surrogate pair. */
export function splitIntoPieces(text: string, size = PIECE_CHARS): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

// As the API: an empty piece first, then the JSON by size; a tool without arguments gets the empty piece only.
function inputPieces(json: string): string[] {
  return ['', ...(json === '{}' ? [] : splitIntoPieces(json))];
}

/** A block's events; a tool call cut by max_tokens streams the JSON it had and never stops. */
function blockEvents(block: ContentBlock, index: number, cutJson?: string): SseEvent[] {
  if (block.type === 'text') {
    return [
      { type: 'content_block_start', index, content_block: { ...block, text: '' } },
      ...splitIntoPieces(block.text).map((text): SseEvent => ({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } })),
      { type: 'content_block_stop', index },
    ];
  }
  if (block.type === 'tool_use') {
    return [
      { type: 'content_block_start', index, content_block: { ...block, input: {} } },
      ...inputPieces(cutJson ?? JSON.stringify(block.input)).map((partial_json): SseEvent =>
        ({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } })),
      ...(cutJson === undefined ? [{ type: 'content_block_stop' as const, index }] : []),
    ];
  }
  if (block.type === 'thinking') {
    // As the API: the text in pieces, then the whole signature in one delta just before the block stops.
    return [
      { type: 'content_block_start', index, content_block: { ...block, thinking: '', signature: '' } },
      ...splitIntoPieces(block.thinking).map((thinking): SseEvent => ({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking } })),
      { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } },
      { type: 'content_block_stop', index },
    ];
  }
  if (block.type === 'redacted_thinking') {
    // Opaque: it arrives whole in its start event, with no deltas.
    return [{ type: 'content_block_start', index, content_block: block }, { type: 'content_block_stop', index }];
  }
  throw new Error(`model-sim cannot stream a ${block.type} block`);
}

/** The event sequence the real API streams for a finished message. */
export function messageEvents(message: Message, cutJson?: string): SseEvent[] {
  const { usage } = message;
  const last = message.content.length - 1;
  const blocks = message.content.flatMap((block, index) => blockEvents(block, index, index === last ? cutJson : undefined));
  return [
    { type: 'message_start', message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } },
    // The API pings once the first block has started (at once when there is none).
    ...blocks.slice(0, 1),
    { type: 'ping' },
    ...blocks.slice(1),
    {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence, stop_details: null, container: null },
      usage: {
        input_tokens: usage.input_tokens,
        output_tokens: usage.output_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
        output_tokens_details: null,
        server_tool_use: null,
      },
    },
    { type: 'message_stop' },
  ];
}

/** A stream that breaks off as the real API's does: the message starts, a first piece arrives, then the error event. */
export function brokenOffEvents(message: Message, error: ApiErrorBody): SseEvent[] {
  const events = messageEvents(message);
  const firstPiece = events.findIndex((e) => e.type === 'content_block_delta');
  const ping = events.findIndex((e) => e.type === 'ping');
  return [...events.slice(0, firstPiece === -1 ? ping + 1 : firstPiece + 1), error];
}

export function encodeSse(event: SseEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export function writeSse(res: Response, message: Message, ending: { cutJson?: string; breakOff?: ApiErrorBody } = {}): void {
  res.status(200).set({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const events = ending.breakOff ? brokenOffEvents(message, ending.breakOff) : messageEvents(message, ending.cutJson);
  for (const event of events) res.write(encodeSse(event));
  res.end();
}
