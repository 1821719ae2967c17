import type { Message } from '@anthropic-ai/sdk/resources/messages';
import type { Response } from 'express';
import { ApiError } from './api-error';
import { rateLimitHeaders } from './api-headers';
import { newRequestId } from './ids';
import { writeSse } from './sse-writer';

/**
 * What the simulator answers, under its `request-id`: a JSON body with a status, or a message to
 * stream, which may end in a tool call cut by max_tokens or break off with an error.
 */
export type SimReply =
  | { kind: 'json'; requestId: string; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'stream'; requestId: string; message: Message; cutJson?: string; breakOff?: ApiError };

export function jsonReply(body: unknown): SimReply {
  return { kind: 'json', requestId: newRequestId(), status: 200, body };
}

export function errorReply(err: ApiError): SimReply {
  const requestId = newRequestId();
  return { kind: 'json', requestId, status: err.status, body: err.body(requestId), headers: err.headers() };
}

export function brokenStreamReply(message: Message, err: ApiError): SimReply {
  return { kind: 'stream', requestId: newRequestId(), message, breakOff: err };
}

/** `cutJson`: the truncated JSON of the tool call that ends a message cut by max_tokens. */
export function messageReply(message: Message, stream: boolean | undefined, cutJson?: string): SimReply {
  return stream === true ? { kind: 'stream', requestId: newRequestId(), message, cutJson } : jsonReply(message);
}

/** What the request log keeps as the response: for a stream that broke off, the error it ended with. */
export function replyBody(reply: SimReply): unknown {
  if (reply.kind === 'json') return reply.body;
  return reply.breakOff ? reply.breakOff.body(reply.requestId) : reply.message;
}

export function replyStatus(reply: SimReply): number {
  return reply.kind === 'json' ? reply.status : 200;
}

export function sendReply(res: Response, reply: SimReply): void {
  res.set({ 'request-id': reply.requestId, ...rateLimitHeaders(new Date(), replyStatus(reply)) });
  if (reply.kind === 'stream') return writeSse(res, reply.message, { cutJson: reply.cutJson, breakOff: reply.breakOff?.body(reply.requestId) });
  res.status(reply.status).set(reply.headers ?? {}).json(reply.body);
}

/** Runs an answer, turning the API errors it throws into error replies; anything else is a bug and propagates. */
export async function replyOrError(answer: () => Promise<SimReply>): Promise<SimReply> {
  try {
    return await answer();
  } catch (err) {
    if (err instanceof ApiError) return errorReply(err);
    throw err;
  }
}
