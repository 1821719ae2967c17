import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { LeaderLock } from './leader-lock';

/** Leader and standby are both healthy: a standby is ready to take over; the role is in the details. */
@Injectable()
export class LeadershipHealthIndicator {
  constructor(private readonly health: HealthIndicatorService, private readonly lock: LeaderLock) {}

  isHealthy(): Promise<HealthIndicatorResult> {
    return Promise.resolve(this.health.check('leadership').up({ role: this.lock.role, instanceId: this.lock.instanceId }));
  }
}
