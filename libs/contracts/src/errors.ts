/**
 * Domain errors are few and typed; each transport maps the codes once
 * (HTTP in the gateway's filter, RPC replies in libs/messaging).
 */
export const ERROR_CODES = ['invalid', 'not_found', 'conflict', 'forbidden', 'unavailable', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class InvalidInput extends DomainError {
  readonly code = 'invalid';
}
export class NotFound extends DomainError {
  readonly code = 'not_found';
}
export class Conflict extends DomainError {
  readonly code = 'conflict';
}
export class Forbidden extends DomainError {
  readonly code = 'forbidden';
}
/** Retryable: a dependency did not answer in time or is down. */
export class Unavailable extends DomainError {
  readonly code = 'unavailable';
}
export class Internal extends DomainError {
  readonly code = 'internal';
}

const BY_CODE: Record<ErrorCode, new (message: string) => DomainError> = {
  invalid: InvalidInput,
  not_found: NotFound,
  conflict: Conflict,
  forbidden: Forbidden,
  unavailable: Unavailable,
  internal: Internal,
};

export function errorFromCode(code: string, message: string): DomainError {
  const cls = BY_CODE[code as ErrorCode] ?? Internal;
  return new cls(message);
}
