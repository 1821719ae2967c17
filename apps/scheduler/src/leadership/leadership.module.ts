import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LeaderLock } from './leader-lock';
import { LeadershipHealthIndicator } from './leadership.health';

/** Global so that ObservabilityModule's /health can inject the leadership indicator. */
@Global()
@Module({
  imports: [TerminusModule],
  providers: [LeaderLock, LeadershipHealthIndicator],
  exports: [LeaderLock, LeadershipHealthIndicator],
})
export class LeadershipModule {}
