import type { SandboxConnectOpts } from 'e2b';
import { E2bCommands, E2bFiles, E2bSandboxHandle } from '../../src/sandbox/e2b/e2b-sdk';
import type { E2bStandIn } from './e2b-stand-in';
import { StandInCommands } from './stand-in-commands';
import { StandInFiles } from './stand-in-files';

/** A handle on one of the stand-in's sandboxes, as Sandbox.create and Sandbox.connect return it. */
export class StandInSandbox implements E2bSandboxHandle {
  readonly commands: E2bCommands;
  readonly files: E2bFiles;

  constructor(private readonly standIn: E2bStandIn, readonly sandboxId: string) {
    this.commands = new StandInCommands(() => standIn.running(sandboxId));
    this.files = new StandInFiles(() => standIn.running(sandboxId));
  }

  async connect(opts?: SandboxConnectOpts): Promise<this> {
    this.standIn.resume(this.sandboxId, false, opts);
    return this;
  }

  async setTimeout(timeoutMs: number): Promise<void> {
    this.standIn.setTimeout(this.sandboxId, timeoutMs);
  }

  async pause(): Promise<boolean> {
    return this.standIn.pause(this.sandboxId);
  }

  kill(): Promise<boolean> {
    return this.standIn.kill(this.sandboxId);
  }
}
