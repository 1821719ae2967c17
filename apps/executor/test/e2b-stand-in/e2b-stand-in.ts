import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SandboxConnectOpts } from 'e2b';
import { Clock, SystemClock } from '@cofounder/config';
import { E2bModule, E2bSandboxHandle } from '../../src/sandbox/e2b/e2b-sdk';
import { CommandExitError, FileNotFoundError, SandboxError, SandboxNotFoundError } from './stand-in-errors';
import { StandInSandbox } from './stand-in-sandbox';
import { Vm } from './stand-in-vm';

/*
 * The E2B stand-in: the part of the `e2b` SDK's module the provider uses, behaving as the SDK
 * (2.51) documents it, backed by a folder per sandbox on this machine instead of e2b's cloud
 * (unreachable from here). /home/user and /tmp of the "VM" are folders of that sandbox; commands
 * run under bubblewrap with them bound in place, the rest of the host read-only. It is a test
 * double, not a sandbox: no memory snapshot (pause ends the processes), no network isolation.
 * A running sandbox ends when its timeout (from create, connect or setTimeout) runs out, as
 * e2b's does, however busy; the stand-in notices it the next time it is reached, so a test's
 * ManualClock decides when.
 */

/** The SDK's default sandbox timeout. */
const DEFAULT_TIMEOUT_MS = 300_000;

export interface E2bStandInOptions {
  /**
   * Give a sandbox resumed by Sandbox.connect a new id (the old one then gone), as e2b's
   * connect answer may. SDK 2.51 ignores the answer's id, so this is off by default; a test
   * turns it on to check the provider keeps whatever id the returned sandbox reports.
   */
  newIdOnResume?: boolean;
  /** Time as the sandboxes' timeouts see it; a test hands in a ManualClock. */
  clock?: Clock;
}

/** One E2B stand-in: its own sandboxes under a temporary folder; `module` is what the provider loads. */
export class E2bStandIn {
  readonly module: E2bModule;
  private readonly vms = new Map<string, Vm>();
  /** Folders of expired sandboxes still being removed. */
  private readonly removals = new Set<Promise<void>>();
  private readonly clock: Clock;
  private dir?: string;

  constructor(private readonly opts: E2bStandInOptions = {}) {
    this.clock = opts.clock ?? new SystemClock();
    this.module = {
      Sandbox: {
        create: (template, sandboxOpts) => this.create(template, sandboxOpts?.metadata ?? {}, sandboxOpts?.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        connect: async (sandboxId, connectOpts) => new StandInSandbox(this, this.resume(sandboxId, this.opts.newIdOnResume ?? false, connectOpts).id),
        // e2b's DELETE: a paused sandbox is ended where it lies.
        kill: (sandboxId) => this.kill(sandboxId),
      },
      CommandExitError,
      FileNotFoundError,
      SandboxNotFoundError,
    };
  }

  /** The sandboxes the stand-in still has, by id (killed ones are gone). */
  get sandboxIds(): string[] {
    this.expire();
    return [...this.vms.keys()];
  }

  /** Its state as e2b would report it; 'gone' once killed or expired. */
  stateOf(id: string): Vm['state'] | 'gone' {
    this.expire();
    return this.vms.get(id)?.state ?? 'gone';
  }

  async close(): Promise<void> {
    for (const vm of this.vms.values()) vm.commands.forEach((c) => c.end('the E2B stand-in was closed'));
    this.vms.clear();
    await Promise.all(this.removals);
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  /** @internal The sandbox behind an instance, refusing as e2b would when it is paused or gone. */
  running(id: string): Vm {
    this.expire();
    const vm = this.vms.get(id);
    if (!vm) throw new SandboxNotFoundError(`Sandbox ${id} not found`);
    if (vm.state === 'paused') throw new SandboxError(`Sandbox ${id} is paused: connect to resume it`);
    return vm;
  }

  /** @internal As e2b's connect: a paused sandbox gets the timeout; a running one only a later end than it has. */
  resume(id: string, newId: boolean, opts: SandboxConnectOpts = {}): Vm {
    this.expire();
    const vm = this.vms.get(id);
    if (!vm) throw new SandboxNotFoundError(`Paused sandbox ${id} not found`);
    if (vm.state === 'paused' && newId) {
      this.vms.delete(id);
      vm.id = newSandboxId();
      this.vms.set(vm.id, vm);
    }
    const endsAt = this.now() + (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    vm.endsAt = vm.state === 'paused' ? endsAt : Math.max(vm.endsAt ?? 0, endsAt);
    vm.state = 'running';
    return vm;
  }

  /** @internal As e2b's setTimeout: the sandbox ends `timeoutMs` from now, sooner or later than before. */
  setTimeout(id: string, timeoutMs: number): void {
    this.running(id).endsAt = this.now() + timeoutMs;
  }

  /** @internal Ends every command (their wait() rejects, as a dropped connection does) and freezes the sandbox. */
  pause(id: string): boolean {
    this.expire();
    const vm = this.vms.get(id);
    if (!vm) throw new SandboxNotFoundError(`Sandbox ${id} not found`);
    if (vm.state === 'paused') return false;
    vm.commands.forEach((c) => c.end('the sandbox was paused'));
    vm.state = 'paused';
    vm.endsAt = undefined;
    return true;
  }

  /** @internal */
  async kill(id: string): Promise<boolean> {
    this.expire();
    const vm = this.vms.get(id);
    if (!vm) return false;
    await this.end(vm, 'the sandbox was killed');
    return true;
  }

  private async create(template: string, metadata: Record<string, string>, timeoutMs: number): Promise<E2bSandboxHandle> {
    this.dir ??= await mkdtemp(path.join(tmpdir(), 'e2b-stand-in-'));
    const id = newSandboxId();
    const folder = path.join(this.dir, id);
    await mkdir(path.join(folder, 'home'), { recursive: true });
    await mkdir(path.join(folder, 'tmp'));
    this.vms.set(id, { id, folder, state: 'running', template, metadata, commands: new Set(), endsAt: this.now() + timeoutMs });
    return new StandInSandbox(this, id);
  }

  /** Ends every running sandbox whose timeout has run out, as e2b would have by now. */
  private expire(): void {
    const now = this.now();
    for (const vm of this.vms.values()) {
      if (vm.endsAt === undefined || vm.endsAt > now) continue;
      const removal = this.end(vm, 'the sandbox timed out');
      this.removals.add(removal);
      void removal.finally(() => this.removals.delete(removal));
    }
  }

  private async end(vm: Vm, why: string): Promise<void> {
    this.vms.delete(vm.id);
    vm.commands.forEach((c) => c.end(why));
    await rm(vm.folder, { recursive: true, force: true });
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

function newSandboxId(): string {
  return `standin${randomBytes(8).toString('hex')}`;
}
