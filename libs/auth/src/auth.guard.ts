import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import type { Founder } from './founder';
import { InvalidToken, TokenVerifier } from './token-verifier';

export type AuthenticatedRequest = Request & { founder: Founder };

function tokenOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  // EventSource cannot set headers, so the SSE stream also takes the token in the query.
  const query = req.query.access_token;
  return typeof query === 'string' && query ? query : undefined;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly verifier: TokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = tokenOf(req);
    if (!token) throw new UnauthorizedException('Sign in: send Authorization: Bearer <token>');
    try {
      req.founder = await this.verifier.verify(token);
      return true;
    } catch (err) {
      if (err instanceof InvalidToken) throw new UnauthorizedException(`Sign in again: ${err.message}`);
      throw err;
    }
  }
}
