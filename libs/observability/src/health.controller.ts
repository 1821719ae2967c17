import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorResult } from '@nestjs/terminus';

export interface HealthIndicator {
  isHealthy(): Promise<HealthIndicatorResult>;
}
export const HEALTH_INDICATORS = Symbol('HEALTH_INDICATORS');

@Controller()
@ApiTags('operations')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(HEALTH_INDICATORS) private readonly indicators: HealthIndicator[],
  ) {}

  @Get('health')
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check(this.indicators.map((i) => () => i.isHealthy()));
  }
}
