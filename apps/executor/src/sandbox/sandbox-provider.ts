import { Sandbox } from './sandbox';

export type SandboxProviderName = 'local' | 'e2b';

/** Makes and finds sandboxes; chosen once per process (e2b when E2B_API_KEY is set). */
export abstract class SandboxProvider {
  abstract readonly name: SandboxProviderName;

  abstract create(runId: string): Promise<Sandbox>;
  abstract connect(sandboxId: string): Promise<Sandbox>;
  /** A new sandbox for the run whose workspace is the snapshot's. */
  abstract restore(runId: string, snapshotId: string): Promise<Sandbox>;
}
