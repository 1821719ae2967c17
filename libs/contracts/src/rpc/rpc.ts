import type { ErrorCode } from '../errors';

export type Class<T> = new () => T;

/** A request/reply subject with its request and reply contracts, defined once. */
export interface RpcDefinition<Req extends object, Rep extends object> {
  readonly subject: string;
  readonly request: Class<Req>;
  readonly reply: Class<Rep>;
}

export function rpc<Req extends object, Rep extends object>(
  subject: string, request: Class<Req>, reply: Class<Rep>,
): RpcDefinition<Req, Rep> {
  return { subject, request, reply };
}

/** What travels back on the wire: an expected outcome is data; a failure is a typed error. */
export type RpcEnvelope<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };
