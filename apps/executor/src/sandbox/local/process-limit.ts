import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { rmdir } from 'node:fs/promises';
import path from 'node:path';

const V1_PIDS = '/sys/fs/cgroup/pids';
const V2_ROOT = '/sys/fs/cgroup';
const GROUP = 'cofounder-sandbox';

/** One command's process group in the pids controller: at most `max` processes, whatever their user. */
export interface PidsCgroup {
  /** The file a process writes its pid to, to join (its children follow). */
  readonly procsFile: string;
  remove(): Promise<void>;
}

/**
 * A limit on processes per command through the pids cgroup controller. RLIMIT_NPROC is not
 * enough when the executor runs as root: the sandbox's user is then root outside its user
 * namespace, which the kernel exempts from RLIMIT_NPROC. A cgroup per command also keeps one
 * run's fork bomb from using up what other runs may start.
 */
export class PidsCgroups {
  private constructor(private readonly base: string) {}

  /** The controller where this process may make groups (root, or a delegated subtree); null when there is none. */
  static find(): PidsCgroups | null {
    try {
      const base = existsSync(path.join(V1_PIDS, 'cgroup.procs')) ? PidsCgroups.v1() : PidsCgroups.v2();
      if (!base) return null;
      // Making one is the only sure test of the right to.
      const probe = path.join(base, `probe-${randomUUID()}`);
      mkdirSync(probe);
      writeFileSync(path.join(probe, 'pids.max'), '1');
      rmdirSync(probe);
      return new PidsCgroups(base);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOENT' || code === 'ENOTSUP' || code === 'EINVAL') return null;
      throw err;
    }
  }

  private static v1(): string {
    const base = path.join(V1_PIDS, GROUP);
    mkdirSync(base, { recursive: true });
    return base;
  }

  private static v2(): string | null {
    const controllers = path.join(V2_ROOT, 'cgroup.controllers');
    if (!existsSync(controllers) || !readFileSync(controllers, 'utf8').split(/\s+/).includes('pids')) return null;
    writeFileSync(path.join(V2_ROOT, 'cgroup.subtree_control'), '+pids');
    const base = path.join(V2_ROOT, GROUP);
    mkdirSync(base, { recursive: true });
    writeFileSync(path.join(base, 'cgroup.subtree_control'), '+pids');
    return base;
  }

  create(max: number): PidsCgroup {
    const dir = path.join(this.base, randomUUID());
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'pids.max'), String(max));
    return {
      procsFile: path.join(dir, 'cgroup.procs'),
      remove: () => removeWhenEmpty(dir),
    };
  }
}

/** The group's last processes may take a moment to be reaped after the kill. */
async function removeWhenEmpty(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      return await rmdir(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY') throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
