import { Unavailable } from '@cofounder/contracts';
import { isDatabaseUnavailable } from '@cofounder/persistence';
import { DependencyUnavailable } from './dependency-unavailable';
import { isInfrastructureOutage } from './infrastructure-outage';

/** The services a request subject belongs to, in the words a founder reads. */
const BY_SUBJECT_PREFIX: [string, string][] = [
  ['billing.', 'billing'],
  ['tools.', 'the sandbox service'],
  ['sandbox.', 'the sandbox service'],
  ['runs.', 'the run service'],
];

/**
 * What an outage is of, in plain words ("billing", "the sandbox service", "the database",
 * "the message bus"), or null when `err` is not an outage. Never a host, a port or a stack.
 */
export function outageDependency(err: unknown): string | null {
  if (!isInfrastructureOutage(err)) return null;
  if (err instanceof DependencyUnavailable) {
    return BY_SUBJECT_PREFIX.find(([prefix]) => err.subject.startsWith(prefix))?.[1] ?? 'a service the agent needs';
  }
  if (isDatabaseUnavailable(err)) return 'the database';
  if (err instanceof Unavailable) return 'a service the agent needs';
  return 'the message bus';
}
