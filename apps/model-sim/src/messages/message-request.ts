import { invalidRequest } from './api-error';

export interface RequestBlock {
  type: string;
  text?: string;
  name?: string;
}

export interface RequestMessage {
  role: string;
  content: string | RequestBlock[];
}

/** The part of a Messages API request body the simulator reads; the rest is kept only in the log. */
export interface MessageRequest {
  model: string;
  max_tokens?: number;
  stop_sequences?: string[];
  messages: RequestMessage[];
  system?: unknown;
  tools?: unknown[];
  stream?: boolean;
  metadata?: { user_id?: string | null };
}

/**
 * Who a call is for. The orchestrator sets `metadata.user_id` to the run id on a turn and to
 * `<runId>:compact` when it compacts the history; a call with neither belongs to no run.
 */
export type CallTarget =
  | { kind: 'turn'; runId: string }
  | { kind: 'compact'; runId: string }
  | { kind: 'anonymous' };

const COMPACT_SUFFIX = ':compact';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function userIdOf(raw: unknown): string | undefined {
  const metadata = isObject(raw) ? raw.metadata : undefined;
  const userId = isObject(metadata) ? metadata.user_id : undefined;
  return typeof userId === 'string' && userId !== '' ? userId : undefined;
}

export function callTarget(raw: unknown): CallTarget {
  const userId = userIdOf(raw);
  if (userId === undefined) return { kind: 'anonymous' };
  if (userId.endsWith(COMPACT_SUFFIX)) return { kind: 'compact', runId: userId.slice(0, -COMPACT_SUFFIX.length) };
  return { kind: 'turn', runId: userId };
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function checkMessages(messages: unknown): string | undefined {
  if (messages === undefined) return 'messages: Field required';
  if (!Array.isArray(messages) || messages.length === 0) return 'messages: must be a non-empty list';
  const bad = messages.findIndex((m) => !isObject(m) || typeof m.role !== 'string'
    || !(typeof m.content === 'string' || Array.isArray(m.content)));
  return bad >= 0 ? `messages.${bad}: must have a role and a content` : undefined;
}

/** Refuses what the real API refuses, with its error type, so a client bug shows up here too. */
export function parseMessageRequest(raw: unknown, endpoint: 'messages' | 'count_tokens'): MessageRequest {
  if (!isObject(raw)) throw invalidRequest('request body must be a JSON object');
  const problem = typeof raw.model !== 'string' || raw.model === '' ? 'model: Field required'
    : endpoint === 'messages' && !(Number.isInteger(raw.max_tokens) && (raw.max_tokens as number) >= 1)
      ? 'max_tokens: must be a positive integer'
      : raw.tools !== undefined && !Array.isArray(raw.tools) ? 'tools: must be a list'
        : raw.stop_sequences !== undefined && !isStringList(raw.stop_sequences) ? 'stop_sequences: must be a list of strings'
        : checkMessages(raw.messages);
  if (problem) throw invalidRequest(problem);
  return raw as unknown as MessageRequest;
}

export function textOf(message: RequestMessage): string {
  if (typeof message.content === 'string') return message.content;
  return message.content.filter((b) => b.type === 'text' && typeof b.text === 'string').map((b) => b.text).join('\n');
}

export function firstUserText(messages: readonly RequestMessage[]): string {
  const first = messages.find((m) => m.role === 'user');
  return first ? textOf(first) : '';
}
