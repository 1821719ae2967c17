import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, ModuleRef } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ErrorsFilter } from './errors.filter';
import { HEALTH_INDICATORS, HealthController, HealthIndicator } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics.registry';

/** GET /health (terminus over the given indicators), GET /metrics, and the error filter. */
@Module({})
export class ObservabilityModule {
  static forRoot(indicators: Type<HealthIndicator>[] = []): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [
        MetricsRegistry,
        { provide: APP_FILTER, useClass: ErrorsFilter },
        {
          provide: HEALTH_INDICATORS,
          inject: [ModuleRef],
          // Looked up across modules: an indicator may live in any module of the app.
          useFactory: (moduleRef: ModuleRef) => indicators.map((cls) => ({
            isHealthy: () => moduleRef.get(cls, { strict: false }).isHealthy(),
          })),
        },
      ],
      exports: [MetricsRegistry],
    };
  }
}
