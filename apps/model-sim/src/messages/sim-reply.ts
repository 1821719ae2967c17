import type { Message } from '@anthropic-ai/sdk/resources/messages';
import type { Response } from 'express';
import { ApiError } from './api-error';
import { newRequestId } from './ids';
import { writeSse } from './sse-writer';

/** What the simulator answers: a JSON body with a status, or a message to stream. */
export type SimReply =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'stream'; message: Message };

export function errorReply(err: ApiError): SimReply {
  return { kind: 'json', status: err.status, body: err.body(), headers: err.headers() };
}

export function messageReply(message: Message, stream: boolean | undefined): SimReply {
  return stream === true ? { kind: 'stream', message } : { kind: 'json', status: 200, body: message };
}

/** What the request log keeps as the response. */
export function replyBody(reply: SimReply): unknown {
  return reply.kind === 'json' ? reply.body : reply.message;
}

export function replyStatus(reply: SimReply): number {
  return reply.kind === 'json' ? reply.status : 200;
}

export function sendReply(res: Response, reply: SimReply): void {
  res.set('request-id', newRequestId());
  if (reply.kind === 'stream') return writeSse(res, reply.message);
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
