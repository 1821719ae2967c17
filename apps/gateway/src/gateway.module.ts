import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@cofounder/auth';
import { ConfigModule } from '@cofounder/config';
import { MessagingModule, NatsHealthIndicator } from '@cofounder/messaging';
import { ObservabilityModule } from '@cofounder/observability';
import { DatabaseHealthIndicator, PersistenceModule } from '@cofounder/persistence';
import { ConsoleController } from './console/console.controller';
import { RunEventFeed } from './events/run-event-feed';
import { RunEventsController } from './events/run-events.controller';
import { RunEventsHub } from './events/run-events-hub';
import { SseMetrics } from './events/sse-metrics';
import { CreateProjectsAndRuns1732400000000 } from './migrations/1732400000000-create-projects-and-runs';
import { IndexRunsByProject1767571200000 } from './migrations/1767571200000-index-runs-by-project';
import { ProjectEntity } from './projects/project.entity';
import { ProjectRepository } from './projects/project.repository';
import { ProjectsController } from './projects/projects.controller';
import { ProjectsUseCases } from './projects/projects.use-cases';
import { RunRegistrationEntity } from './runs/run-registration.entity';
import { RunRegistrationRepository } from './runs/run-registration.repository';
import { RunsController } from './runs/runs.controller';
import { RunsUseCases } from './runs/runs.use-cases';
import { ShowUsageUseCase } from './usage/show-usage.use-case';
import { UsageController } from './usage/usage.controller';

@Module({
  imports: [
    ConfigModule.forRoot(),
    MessagingModule.forRoot('gateway'),
    PersistenceModule.forRoot({
      name: 'gateway',
      entities: [ProjectEntity, RunRegistrationEntity],
      migrations: [CreateProjectsAndRuns1732400000000, IndexRunsByProject1767571200000],
    }),
    TypeOrmModule.forFeature([ProjectEntity, RunRegistrationEntity]),
    ObservabilityModule.forRoot([NatsHealthIndicator, DatabaseHealthIndicator]),
    AuthModule,
  ],
  controllers: [ProjectsController, RunsController, RunEventsController, UsageController, ConsoleController],
  providers: [ProjectRepository, ProjectsUseCases, RunRegistrationRepository, RunsUseCases, RunEventFeed, RunEventsHub, SseMetrics, ShowUsageUseCase],
})
export class GatewayModule {}
