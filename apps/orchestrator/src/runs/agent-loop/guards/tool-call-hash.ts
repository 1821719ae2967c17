import { createHash } from 'node:crypto';
import { normaliseOutput } from './normalise-output';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** JSON with every object's keys sorted, so key order never changes a hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isPlainObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  ) ?? 'null';
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function toolCallHash(tool: string, input: unknown): string {
  // Hashing a [tool, input] pair keeps a tool name from ever running into its input.
  return sha256(canonicalJson([tool, input ?? null]));
}

/** A result's hash, blind to timings, temp paths and ids, so two identical results match. */
export function observationHash(output: string): string {
  return sha256(normaliseOutput(output).join('\n'));
}
