import path from 'node:path';
import type { StandInCommand } from './stand-in-command';

/** Where the VM's user lives; with /tmp, the only part of the VM backed by its own folder. */
export const HOME = '/home/user';

/** One sandbox as the stand-in keeps it: its folder on this machine, its state and its commands. */
export interface Vm {
  id: string;
  folder: string;
  state: 'running' | 'paused';
  template: string;
  metadata: Record<string, string>;
  commands: Set<StandInCommand>;
  /** When e2b ends it, in the clock's milliseconds; a paused sandbox has none. */
  endsAt?: number;
}

/** The host path behind a path of the VM, or null outside /home/user and /tmp. */
export function hostPath(vm: Vm, sandbox: string): string | null {
  for (const [inside, folder] of [[HOME, 'home'], ['/tmp', 'tmp']] as const) {
    if (sandbox === inside || sandbox.startsWith(`${inside}/`)) return path.join(vm.folder, folder, sandbox.slice(inside.length));
  }
  return null;
}
