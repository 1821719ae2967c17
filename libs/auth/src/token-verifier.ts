import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { verifyToken } from '@clerk/backend';
import { Environment } from '@cofounder/config';
import type { Founder } from './founder';

const DEV_USER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class InvalidToken extends Error {}

/**
 * `dev:<userId>` in dev mode (refused in production), else a Clerk session token verified
 * offline with the instance's public key (CLERK_JWT_KEY): no network call per request. When
 * CLERK_AUTHORIZED_PARTIES is set, the token's `azp` (the origin it was minted for) must be one of them.
 */
@Injectable()
export class TokenVerifier implements OnModuleInit {
  private readonly log = new Logger(TokenVerifier.name);

  constructor(private readonly env: Environment) {}

  onModuleInit(): void {
    if (this.env.authMode === 'dev' && this.env.production) {
      throw new Error('AUTH_MODE=dev is refused when NODE_ENV=production: set AUTH_MODE=clerk and CLERK_JWT_KEY');
    }
    if (this.env.authMode === 'clerk' && !this.env.clerkJwtKey) {
      throw new Error('AUTH_MODE=clerk needs CLERK_JWT_KEY (the instance\'s PEM public key)');
    }
    if (this.env.authMode === 'clerk' && this.env.production && !this.env.clerkAuthorizedParties.length) {
      // Every app of a Clerk instance shares its signing key: without an azp allowlist, a session
      // token minted for another of those apps is accepted here too.
      this.log.warn({ msg: 'CLERK_AUTHORIZED_PARTIES is empty: tokens from any app of the Clerk instance are accepted' });
    }
  }

  async verify(token: string): Promise<Founder> {
    if (this.env.authMode === 'dev') {
      if (!token.startsWith('dev:')) throw new InvalidToken('expected a dev:<userId> token');
      const id = token.slice(4);
      if (!DEV_USER_ID.test(id)) throw new InvalidToken('a dev user id is 1 to 64 letters, digits, _ or -');
      return { id: `dev_${id}` };
    }
    try {
      const parties = this.env.clerkAuthorizedParties;
      const claims = await verifyToken(token, {
        jwtKey: this.env.clerkJwtKey,
        ...(parties.length ? { authorizedParties: parties } : {}),
      });
      if (typeof claims.sub !== 'string' || !claims.sub) throw new InvalidToken('the token names no user');
      return { id: claims.sub };
    } catch (err) {
      if (err instanceof InvalidToken) throw err;
      throw new InvalidToken('the session token is not valid', { cause: err });
    }
  }
}
