import { DomainError } from '@cofounder/contracts';

/** The model service kept failing after every retry we allow; the run cannot go on by itself. */
export class ModelUnavailable extends DomainError {
  readonly code = 'unavailable';
}
