import { Dirent, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { lstatOrNull } from '../../files/lstat-or-null';
import { HostSystem } from './bwrap';

/** What a command needs to run programs; each kept as the host has it (folder or link), or left out. */
const SYSTEM_ENTRIES = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc'];
/** Walked for files only root may read: inside the sandbox its user is the files' owner. */
const SECRETS_UNDER = '/etc';

function isInside(folder: string, file: string): boolean {
  return file === folder || file.startsWith(`${folder}/`);
}

/**
 * The host's layout as the sandbox should see it, read once at start. `extraFolders` are
 * folders outside the system ones a command needs (where node is installed); one already
 * inside a system folder is not bound again.
 */
export function describeHostSystem(extraFolders: string[]): HostSystem {
  const system: HostSystem = { folders: [], links: [], secretFiles: [], secretFolders: [] };
  for (const entry of SYSTEM_ENTRIES) {
    const info = lstatOrNull(entry);
    if (info?.isSymbolicLink()) system.links.push({ path: entry, target: readlinkSync(entry) });
    else if (info?.isDirectory()) system.folders.push(entry);
  }
  for (const folder of extraFolders) {
    if (!system.folders.some((bound) => isInside(bound, folder))) system.folders.push(folder);
  }
  if (system.folders.includes(SECRETS_UNDER)) findSecrets(SECRETS_UNDER, system);
  return system;
}

/**
 * The sandbox's user is mapped to the executor's, so it owns every file it sees: a file
 * others may not read (shadow, private keys, pg_hba.conf) is masked, and a folder others may
 * not enter is replaced by an empty one.
 */
function findSecrets(folder: string, system: HostSystem): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (err) {
    // Unreadable even for us: nothing of it can be shown, so mask it whole.
    if ((err as NodeJS.ErrnoException).code === 'EACCES') return void system.secretFolders.push(folder);
    throw err;
  }
  for (const entry of entries) {
    const file = path.join(folder, entry.name);
    if (entry.isSymbolicLink()) continue;
    const info = lstatOrNull(file);
    if (!info) continue;
    if (info.isDirectory()) {
      if ((info.mode & 0o005) !== 0o005) system.secretFolders.push(file);
      else findSecrets(file, system);
    } else if (info.isFile() && (info.mode & 0o004) === 0) {
      system.secretFiles.push(file);
    }
  }
}
