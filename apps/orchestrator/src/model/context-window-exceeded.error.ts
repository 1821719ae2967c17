import { DomainError } from '@cofounder/contracts';

/**
 * The API refused the request because the prompt does not fit the model's window. Only a
 * shorter history helps, so the caller compacts rather than retries. `invalid`: if it
 * escapes, the step is not redelivered to fail the same way.
 */
export class ContextWindowExceeded extends DomainError {
  readonly code = 'invalid';

  /** `maximum`: the window the model stated, in tokens; null when it did not say. */
  constructor(message: string, readonly maximum: number | null, options?: { cause?: unknown }) {
    super(message, options);
  }
}
