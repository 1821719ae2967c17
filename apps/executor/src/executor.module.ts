import { Module } from '@nestjs/common';
import { Buckets } from '@cofounder/contracts';
import { CofounderConfig, ConfigModule, Environment } from '@cofounder/config';
import { MessagingModule, NatsConnectionHolder, NatsHealthIndicator } from '@cofounder/messaging';
import { ObservabilityModule } from '@cofounder/observability';
import { DatabaseHealthIndicator, PersistenceModule } from '@cofounder/persistence';
import { ToolsExecController } from './exec/tools-exec.controller';
import { ToolExecUseCase } from './exec/tool-exec.use-case';
import { ToolProgressPublisher } from './exec/tool-progress.publisher';
import { SandboxLifecycleController } from './lifecycle/sandbox-lifecycle.controller';
import { SandboxLifecycle } from './lifecycle/sandbox-lifecycle.service';
import { CreateSandboxes1767225600000 } from './registry/migrations/1767225600000-create-sandboxes';
import { AddSandboxSessions1767312000000 } from './registry/migrations/1767312000000-add-sandbox-sessions';
import { SandboxRecordEntity } from './registry/sandbox-record.entity';
import { SandboxRegistry } from './registry/sandbox-registry.repository';
import { E2bSandboxProvider } from './sandbox/e2b/e2b-sandbox.provider';
import { LocalSandboxProvider } from './sandbox/local/local-sandbox.provider';
import { SandboxPool } from './sandbox/sandbox-pool.service';
import { SandboxProvider } from './sandbox/sandbox-provider';
import { SandboxOpener } from './sessions/sandbox-opener.service';
import { WorkspaceRestoredAnnouncer } from './sessions/workspace-restored.announcer';
import { BashTool } from './tools/bash.tool';
import { EditTool } from './tools/edit.tool';
import { GlobTool } from './tools/glob.tool';
import { GrepTool } from './tools/grep.tool';
import { LsTool } from './tools/ls.tool';
import { ReadTool } from './tools/read.tool';
import { WriteTool } from './tools/write.tool';
import { ExecutorInstance } from './tool-calls/executor-instance';
import { JetStreamSnapshotStore } from './snapshots/jetstream-snapshot-store.adapter';
import { SnapshotRepository } from './snapshots/snapshot.repository';
import { SnapshotStore } from './snapshots/snapshot-store';
import { SNAPSHOT_ENTITIES, SNAPSHOT_MIGRATIONS } from './snapshots/snapshots-schema';
import { SnapshotPruningSweep } from './snapshots/snapshot-pruning.sweep';
import { WorkspaceSnapshots } from './snapshots/workspace-snapshots.service';
import { CreateToolCalls1767398400000 } from './tool-calls/migrations/1767398400000-create-tool-calls';
import { ToolCallEntity } from './tool-calls/tool-call.entity';
import { ToolCallRepository } from './tool-calls/tool-call.repository';

/** e2b ends a sandbox unused this long: its lifetime is a deadline, which the provider moves on use (at most once a minute). */
const E2B_IDLE_TIMEOUT_MS = 60 * 60 * 1000;

export function sandboxProviderFor(env: Environment, config: CofounderConfig): SandboxProvider {
  if (env.e2bApiKey) {
    return new E2bSandboxProvider({ apiKey: env.e2bApiKey, template: config.sandbox.e2bTemplate, idleTimeoutMs: E2B_IDLE_TIMEOUT_MS });
  }
  // Refuses to start without bubblewrap unless sandbox.allowUnconfined, and then warns.
  return new LocalSandboxProvider(config.sandbox);
}

@Module({
  imports: [
    ConfigModule.forRoot(),
    MessagingModule.forRoot('executor'),
    PersistenceModule.forRoot({ name: 'executor', entities: [ToolCallEntity, SandboxRecordEntity, ...SNAPSHOT_ENTITIES], migrations: [CreateToolCalls1767398400000, CreateSandboxes1767225600000, AddSandboxSessions1767312000000, ...SNAPSHOT_MIGRATIONS] }),
    ObservabilityModule.forRoot([NatsHealthIndicator, DatabaseHealthIndicator]),
  ],
  controllers: [ToolsExecController, SandboxLifecycleController],
  providers: [
    { provide: SandboxProvider, inject: [Environment, CofounderConfig], useFactory: sandboxProviderFor },
    { provide: SnapshotStore, inject: [NatsConnectionHolder], useFactory: (nats: NatsConnectionHolder) => new JetStreamSnapshotStore(nats, Buckets.SNAPSHOTS) },
    SnapshotRepository, WorkspaceSnapshots, SnapshotPruningSweep,
    SandboxRegistry, SandboxPool, SandboxOpener, WorkspaceRestoredAnnouncer, SandboxLifecycle, ToolExecUseCase, ToolCallRepository, ExecutorInstance, ToolProgressPublisher, BashTool, ReadTool, WriteTool, EditTool, GlobTool, GrepTool, LsTool,
  ],
})
export class ExecutorModule {}
