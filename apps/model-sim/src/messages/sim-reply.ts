import type { Message } from '@anthropic-ai/sdk/resources/messages';
import type { Response } from 'express';
import { ApiError } from './api-error';
import { newRequestId } from './ids';
import { writeSse } from './sse-writer';

/** What the simulator answers: a JSON body with a status, or a message to stream, which may break off with an error. */
export type SimReply =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'stream'; message: Message; breakOff?: ApiError };

export function errorReply(err: ApiError): SimReply {
  return { kind: 'json', status: err.status, body: err.body(), headers: err.headers() };
}

export function brokenStreamReply(message: Message, err: ApiError): SimReply {
  return { kind: 'stream', message, breakOff: err };
}

export function messageReply(message: Message, stream: boolean | undefined): SimReply {
  return stream === true ? { kind: 'stream', message } : { kind: 'json', status: 200, body: message };
}

/** What the request log keeps as the response: for a stream that broke off, the error it ended with. */
export function replyBody(reply: SimReply): unknown {
  if (reply.kind === 'json') return reply.body;
  return reply.breakOff ? reply.breakOff.body() : reply.message;
}

export function replyStatus(reply: SimReply): number {
  return reply.kind === 'json' ? reply.status : 200;
}

export function sendReply(res: Response, reply: SimReply): void {
  res.set('request-id', newRequestId());
  if (reply.kind === 'stream') return writeSse(res, reply.message, reply.breakOff?.body());
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
