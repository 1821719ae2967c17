import { Module } from '@nestjs/common';
import { Environment } from '@cofounder/config';
import { ConsoleAssets } from './console-assets';
import { ConsoleController } from './console.controller';
import { ConsoleSettings } from './console-settings';

@Module({
  controllers: [ConsoleController],
  providers: [
    { provide: ConsoleAssets, useFactory: () => new ConsoleAssets() },
    { provide: ConsoleSettings, inject: [Environment], useFactory: (env: Environment) => new ConsoleSettings(env) },
  ],
})
export class ConsoleModule {}
