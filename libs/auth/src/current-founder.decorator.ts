import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './auth.guard';
import type { Founder } from './founder';

export const CurrentFounder = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Founder => context.switchToHttp().getRequest<AuthenticatedRequest>().founder,
);
