import { Logger, Module } from '@nestjs/common';
import { Clock, SystemClock } from '@cofounder/config';
import { ObservabilityModule } from '@cofounder/observability';
import { AnswerMessageUseCase } from './messages/answer-message.use-case';
import { CallRecorder } from './messages/call-recorder';
import { CountTokensUseCase } from './messages/count-tokens.use-case';
import { MessagesController } from './messages/messages.controller';
import { PromptCacheStore } from './messages/prompt-cache-store';
import { RunCursors } from './messages/run-cursors';
import { SimMetrics } from './messages/sim-metrics';
import { ThinkingLedger } from './messages/thinking-ledger';
import { RequestLog } from './requests/request-log';
import { RequestsController } from './requests/requests.controller';
import { ScenarioError } from './scenarios/parse-scenario';
import { ScenarioCatalog } from './scenarios/scenario-catalog';
import { scenarioFolders } from './scenarios/scenario-folders';
import { loadScenarios } from './scenarios/scenario-loader';
import { ScenariosController } from './scenarios/scenarios.controller';

// Loaded while the module is built: a bad file is logged by name and skipped, the others load.
function loadCatalog(): ScenarioCatalog {
  const logger = new Logger('ModelSim');
  const folders = scenarioFolders();
  try {
    const { scenarios, rejected } = loadScenarios(folders);
    for (const { file, reason } of rejected) logger.error({ msg: 'scenario file skipped', file, reason });
    const catalog = new ScenarioCatalog(scenarios);
    logger.log({ msg: 'scenarios loaded', folders, names: catalog.names() });
    return catalog;
  } catch (err) {
    // The JSON logger prints a thrown Error as {}, so the reason is logged as text before start-up fails.
    if (err instanceof ScenarioError) logger.error({ msg: 'scenarios rejected', reason: err.message });
    throw err;
  }
}

@Module({
  imports: [ObservabilityModule.forRoot([])],
  controllers: [MessagesController, ScenariosController, RequestsController],
  providers: [
    { provide: ScenarioCatalog, useFactory: loadCatalog },
    { provide: Clock, useClass: SystemClock },
    RunCursors,
    ThinkingLedger,
    PromptCacheStore,
    RequestLog,
    SimMetrics,
    CallRecorder,
    AnswerMessageUseCase,
    CountTokensUseCase,
  ],
})
export class ModelSimModule {}
