import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';

@Injectable()
export class DatabaseHealthIndicator {
  constructor(private readonly typeorm: TypeOrmHealthIndicator) {}

  isHealthy(): Promise<HealthIndicatorResult> {
    return this.typeorm.pingCheck('postgres', { timeout: 3000 });
  }
}
