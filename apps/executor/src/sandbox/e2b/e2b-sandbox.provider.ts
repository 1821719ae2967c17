import { Sandbox } from '../sandbox';
import { SandboxProvider } from '../sandbox-provider';
import { E2B_WORKSPACE, E2bSandbox, E2bSdk } from './e2b-sandbox';

export interface E2bProviderOptions {
  apiKey: string;
  /** How long e2b keeps an idle sandbox before it pauses or ends it. */
  idleTimeoutMs: number;
}

/**
 * Sandboxes in e2b micro-VMs; chosen when E2B_API_KEY is set. The SDK is loaded on first
 * use: an executor on the local provider never loads it (and jest cannot: it requires an
 * ES module).
 */
export class E2bSandboxProvider extends SandboxProvider {
  readonly name = 'e2b';
  private sdk?: Promise<E2bSdk>;

  constructor(private readonly opts: E2bProviderOptions) {
    super();
  }

  async create(runId: string): Promise<Sandbox> {
    const lib = await this.load();
    const sandbox = await lib.Sandbox.create({ apiKey: this.opts.apiKey, timeoutMs: this.opts.idleTimeoutMs, metadata: { runId } });
    await sandbox.files.makeDir(E2B_WORKSPACE);
    return new E2bSandbox(sandbox, lib);
  }

  async connect(sandboxId: string): Promise<Sandbox> {
    const lib = await this.load();
    return new E2bSandbox(await lib.Sandbox.connect(sandboxId, { apiKey: this.opts.apiKey, timeoutMs: this.opts.idleTimeoutMs }), lib);
  }

  private load(): Promise<E2bSdk> {
    return (this.sdk ??= import('e2b'));
  }
}
