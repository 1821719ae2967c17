import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { CofounderConfig } from './cofounder-config';
import { Environment } from './environment';
import { loadConfig } from './load-config';

/** Validates the configuration file at start-up: a bad file stops the process with the field's name. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(env = new Environment()): DynamicModule {
    const config = loadConfig(env.configFile);
    return {
      module: ConfigModule,
      providers: [
        { provide: Environment, useValue: env },
        { provide: CofounderConfig, useValue: config },
        { provide: Clock, useClass: SystemClock },
      ],
      exports: [Environment, CofounderConfig, Clock],
    };
  }
}
