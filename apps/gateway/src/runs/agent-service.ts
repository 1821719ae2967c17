import { ServiceUnavailableException } from '@nestjs/common';
import { DependencyUnavailable } from '@cofounder/messaging';

export const AGENT_RESTARTING = 'The agent service is restarting; try again in a moment.';

/**
 * The brakes and the answers to escalations are the orchestrator's to apply: while it does not
 * answer, the founder is told so in plain words (503), not that "a service" is away.
 */
export async function askTheAgent<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (err) {
    if (err instanceof DependencyUnavailable && err.subject.startsWith('runs.')) throw new ServiceUnavailableException(AGENT_RESTARTING, { cause: err });
    throw err;
  }
}
