import { Unavailable } from '@cofounder/contracts';

/** Unavailable, knowing which request went unanswered: a step waiting on it can name what it waits for. */
export class DependencyUnavailable extends Unavailable {
  constructor(readonly subject: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
