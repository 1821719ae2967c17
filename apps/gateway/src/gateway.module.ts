import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@cofounder/auth';
import { ConfigModule } from '@cofounder/config';
import { MessagingModule, NatsHealthIndicator } from '@cofounder/messaging';
import { ObservabilityModule } from '@cofounder/observability';
import { DatabaseHealthIndicator, PersistenceModule } from '@cofounder/persistence';
import { ConsoleModule } from './console/console.module';
import { RunEventFeed } from './events/run-event-feed';
import { RunEventsController } from './events/run-events.controller';
import { gatewaySchema } from './gateway-schema';
import { RunEventsHub } from './events/run-events-hub';
import { SseMetrics } from './events/sse-metrics';
import { ProjectEntity } from './projects/project.entity';
import { ProjectRepository } from './projects/project.repository';
import { ProjectsController } from './projects/projects.controller';
import { ProjectsUseCases } from './projects/projects.use-cases';
import { ProjectRunEventUseCase } from './run-projection/project-run-event.use-case';
import { ProjectionFreshness } from './run-projection/projection-freshness';
import { RunProjectionController } from './run-projection/run-projection.controller';
import { RunProjectionRepository } from './run-projection/run-projection.repository';
import { RunViewRepository } from './run-projection/run-view.repository';
import { RunsByStatusGauge } from './run-projection/runs-by-status.gauge';
import { RunRegistrationEntity } from './runs/run-registration.entity';
import { RunRegistrationRepository } from './runs/run-registration.repository';
import { ExportRunScenarioUseCase } from './runs/export-run-scenario.use-case';
import { RunScenarioController } from './runs/run-scenario.controller';
import { RunsController } from './runs/runs.controller';
import { RunsUseCases } from './runs/runs.use-cases';
import { ShowUsageUseCase } from './usage/show-usage.use-case';
import { UsageController } from './usage/usage.controller';

@Module({
  imports: [
    ConfigModule.forRoot(),
    MessagingModule.forRoot('gateway'),
    PersistenceModule.forRoot(gatewaySchema),
    TypeOrmModule.forFeature([ProjectEntity, RunRegistrationEntity]),
    ObservabilityModule.forRoot([NatsHealthIndicator, DatabaseHealthIndicator]),
    AuthModule,
    ConsoleModule,
  ],
  controllers: [ProjectsController, RunsController, RunEventsController, UsageController, RunProjectionController, RunScenarioController],
  providers: [
    ProjectRepository, ProjectsUseCases, RunRegistrationRepository, RunsUseCases, RunEventFeed, RunEventsHub, SseMetrics, ShowUsageUseCase,
    RunProjectionRepository, ProjectRunEventUseCase, RunViewRepository, ProjectionFreshness, RunsByStatusGauge,
    ExportRunScenarioUseCase,
  ],
})
export class GatewayModule {}
