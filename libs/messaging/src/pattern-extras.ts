import type { Class } from '@cofounder/contracts';

/** Extras of an @EventPattern served from a durable JetStream pull consumer. */
export interface JetStreamHandlerExtras {
  stream: string;
  durable: string;
  /** The contract the payload is decoded into before the handler runs. */
  payload?: Class<object>;
  /** Messages handled at once by this process. */
  concurrency?: number;
}

/** Extras of a @MessagePattern served as core request/reply in the service's queue group. */
export interface RpcHandlerExtras {
  payload?: Class<object>;
}

export function isJetStreamExtras(extras: unknown): extras is JetStreamHandlerExtras {
  return typeof extras === 'object' && extras !== null && 'stream' in extras && 'durable' in extras;
}
