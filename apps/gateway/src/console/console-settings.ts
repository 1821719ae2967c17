import { Logger } from '@nestjs/common';
import { Environment } from '@cofounder/config';
import { clerkFrontendApi } from './clerk-frontend-api';

/** What the page needs to know to sign a founder in; nothing in it is a secret. */
export type ConsoleConfig =
  | { authMode: 'dev' }
  | { authMode: 'clerk'; clerkPublishableKey: string | null; clerkFrontendApi: string | null };

/**
 * How the console signs founders in: dev tokens, or Clerk's own components loaded from the
 * instance named by CLERK_PUBLISHABLE_KEY. A malformed key stops the start; a missing one
 * leaves the API working and the page saying why nobody can sign in.
 */
export class ConsoleSettings {
  readonly config: ConsoleConfig;

  constructor(env: Environment) {
    if (env.authMode === 'dev') {
      this.config = { authMode: 'dev' };
      return;
    }
    const key = env.clerkPublishableKey ?? null;
    const frontendApi = key === null ? null : clerkFrontendApi(key);
    if (key !== null && frontendApi === null) {
      throw new Error('CLERK_PUBLISHABLE_KEY is not a Clerk publishable key (pk_test_… or pk_live_…)');
    }
    if (key === null) new Logger(ConsoleSettings.name).warn({ msg: 'AUTH_MODE=clerk without CLERK_PUBLISHABLE_KEY: the console cannot sign anyone in' });
    this.config = { authMode: 'clerk', clerkPublishableKey: key, clerkFrontendApi: frontendApi };
  }
}
