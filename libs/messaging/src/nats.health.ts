import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { NatsConnectionHolder } from './nats-connection';

/** Up when the connection is open and the server answers a round trip. */
@Injectable()
export class NatsHealthIndicator {
  constructor(private readonly health: HealthIndicatorService, private readonly nats: NatsConnectionHolder) {}

  async isHealthy(key = 'nats'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    try {
      const rttMs = await this.nats.nc.rtt();
      return indicator.up({ rttMs });
    } catch (err) {
      return indicator.down({ message: err instanceof Error ? err.message : 'unreachable' });
    }
  }
}
