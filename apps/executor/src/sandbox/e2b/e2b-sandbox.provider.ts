import { Sandbox, WORKSPACE } from '../sandbox';
import { SandboxGone } from '../sandbox-errors';
import { SandboxProvider } from '../sandbox-provider';
import { E2bSandbox } from './e2b-sandbox';
import { E2bModule, loadE2bSdk } from './e2b-sdk';

export interface E2bProviderOptions {
  apiKey: string;
  /** The e2b template new sandboxes start from (sandbox.e2bTemplate). */
  template: string;
  /** How long e2b keeps an idle sandbox before it pauses or ends it. */
  idleTimeoutMs: number;
  /** The SDK's module; tests hand in the E2B stand-in. Defaults to the real `e2b` package. */
  loadSdk?: () => Promise<E2bModule>;
}

/** Sandboxes in e2b micro-VMs; chosen when E2B_API_KEY is set. The SDK is loaded on first use. */
export class E2bSandboxProvider extends SandboxProvider {
  readonly name = 'e2b';
  private sdk?: Promise<E2bModule>;

  constructor(private readonly opts: E2bProviderOptions) {
    super();
  }

  async create(runId: string): Promise<Sandbox> {
    const lib = await this.load();
    const sandbox = await lib.Sandbox.create(this.opts.template, { apiKey: this.opts.apiKey, timeoutMs: this.opts.idleTimeoutMs, metadata: { runId } });
    await sandbox.files.makeDir(WORKSPACE);
    return new E2bSandbox(sandbox, lib);
  }

  /** Resumes a paused sandbox; the returned sandbox's id is the one to store from now on. */
  async connect(sandboxId: string): Promise<Sandbox> {
    const lib = await this.load();
    try {
      return new E2bSandbox(await lib.Sandbox.connect(sandboxId, { apiKey: this.opts.apiKey, timeoutMs: this.opts.idleTimeoutMs }), lib);
    } catch (err) {
      if (err instanceof lib.SandboxNotFoundError) throw new SandboxGone(sandboxId, { cause: err });
      throw err;
    }
  }

  private load(): Promise<E2bModule> {
    return (this.sdk ??= (this.opts.loadSdk ?? loadE2bSdk)());
  }
}
