import { Module } from '@nestjs/common';
import { ReapStaleRunsUseCase } from './reap-stale-runs.use-case';
import { ReaperController } from './reaper.controller';
import { StaleRunsRepository } from './stale-runs.repository';

@Module({
  controllers: [ReaperController],
  providers: [ReapStaleRunsUseCase, StaleRunsRepository],
})
export class ReaperModule {}
