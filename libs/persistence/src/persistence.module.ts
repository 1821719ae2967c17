import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Environment } from '@cofounder/config';
import { DatabaseHealthIndicator } from './database.health';
import { MigrationRunner } from './migration-runner';
import { dataSourceOptions, ServiceSchema } from './data-source-options';

/**
 * A service's own schema: its entities, its migrations (run at start under an advisory
 * lock so two instances never race), never `synchronize`.
 */
@Module({})
export class PersistenceModule {
  static forRoot(schema: ServiceSchema): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TerminusModule,
        TypeOrmModule.forRootAsync({
          inject: [Environment],
          useFactory: (env: Environment) => dataSourceOptions(env.databaseUrl, schema),
        }),
        TypeOrmModule.forFeature(schema.entities),
      ],
      providers: [{ provide: 'SERVICE_SCHEMA', useValue: schema }, MigrationRunner, DatabaseHealthIndicator],
      exports: [TypeOrmModule, DatabaseHealthIndicator],
    };
  }
}
