import { chmodSync, lstatSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Entries removed between the event loop's turns (a few ms of work). */
const TURN_EVERY = 512;

/**
 * Removes everything inside a folder but not the folder (a sandbox's bind mount). Read-only
 * folders are made writable first, which `rm -r` would not do; links are removed, not followed.
 *
 * The calls are synchronous, as in unpackIntoFolder: a trip to the thread pool per entry made
 * emptying 5,000 files take a second instead of 0.15 s. The event loop still gets a turn
 * every few hundred entries, however large the folder.
 */
export async function emptyFolder(folder: string): Promise<void> {
  await removeContents(folder, { removed: 0 });
}

async function removeContents(folder: string, progress: { removed: number }): Promise<void> {
  for (const name of readdirSync(folder)) {
    const entry = path.join(folder, name);
    if (lstatSync(entry).isDirectory()) {
      chmodSync(entry, 0o700);
      await removeContents(entry, progress);
      rmdirSync(entry);
    } else {
      unlinkSync(entry);
    }
    progress.removed += 1;
    if (progress.removed % TURN_EVERY === 0) await nextTurn();
  }
}
