import { chmod, lstat, readdir, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Removes everything inside a folder but not the folder (a sandbox's bind mount). Read-only
 * folders are made writable first, which `rm -r` would not do; links are removed, not followed.
 */
export async function emptyFolder(folder: string): Promise<void> {
  for (const name of await readdir(folder)) await removeEntry(path.join(folder, name));
}

async function removeEntry(entry: string): Promise<void> {
  const info = await lstat(entry);
  if (!info.isDirectory()) return unlink(entry);
  await chmod(entry, 0o700);
  await emptyFolder(entry);
  await rmdir(entry);
}
