import { Sandbox } from './sandbox';

export type SandboxProviderName = 'local' | 'e2b';

/** Makes and finds sandboxes; chosen once per process (e2b when E2B_API_KEY is set). */
export abstract class SandboxProvider {
  abstract readonly name: SandboxProviderName;

  abstract create(runId: string): Promise<Sandbox>;
  /** The sandbox as it was left (resumed when paused); throws SandboxGone when the provider no longer has it. */
  abstract connect(sandboxId: string): Promise<Sandbox>;
  /**
   * Ends the sandbox and its workspace without connecting to it (a paused one is not resumed
   * first); one already gone is left as it is.
   */
  abstract destroy(sandboxId: string): Promise<void>;
}
