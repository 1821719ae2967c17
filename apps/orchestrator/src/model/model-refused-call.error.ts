import { DomainError } from '@cofounder/contracts';

/**
 * The API refused the call for a reason on our side (the key, the model name, the request):
 * the same call would be refused again, so it is not retried. `invalid`: if it escapes, the
 * step is terminated rather than redelivered. The message is for the founder: the API's own
 * text stays in the cause, for our logs.
 */
export class ModelRefusedCall extends DomainError {
  readonly code = 'invalid';
}
