import { lstatSync, Stats } from 'node:fs';

/** The entry itself (a link is not followed), or null when nothing is there (removed meanwhile, say). */
export function lstatOrNull(file: string): Stats | null {
  try {
    return lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
