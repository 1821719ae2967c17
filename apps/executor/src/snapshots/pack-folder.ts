import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync, Stats } from 'node:fs';
import { opendir } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { Header, Pax } from 'tar';
import { lstatOrNull } from '../files/lstat-or-null';

const BLOCK = 512;
const READ_CHUNK = 256 * 1024;
const OPEN_DIR = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;
// O_NONBLOCK: a FIFO swapped in for a file must not block the open.
const OPEN_FILE = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * A host folder as a gzip'd tar, made as it is read (memory stays at a few buffers, whatever
 * the folder's size): paths relative to the folder, modes as they are, mtimes in whole
 * seconds, no owner (uid/gid 0, no names: a restore never chowns), symbolic links as links
 * (never followed, wherever they point), hard-linked files each as a file of its own,
 * sockets, FIFOs and devices left out, and every entry named in `exclude` left out at any depth.
 *
 * Sandbox processes may still be running while this reads, so nothing is opened by a path
 * they could swap for a symbolic link: each folder is held open (O_NOFOLLOW) and its
 * children are reached through /proc/self/fd/<fd>, the way openat(2) would.
 */
export function packFolder(root: string, exclude: readonly string[]): AsyncIterable<Uint8Array> {
  // The callback only swallows the error that pipeline also puts on the last stream,
  // where the consumer's for-await receives it.
  return pipeline(Readable.from(coalesced(tarBlocks(root, new Set(exclude)))), createGzip(), () => undefined);
}

/** Headers and small files in pieces of ~256 KB: each write into zlib costs a trip to the thread pool. */
async function* coalesced(blocks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let size = 0;
  for await (const block of blocks) {
    pending.push(block);
    size += block.length;
    if (size >= READ_CHUNK) {
      yield Buffer.concat(pending, size);
      pending = [];
      size = 0;
    }
  }
  if (size) yield Buffer.concat(pending, size);
}

async function* tarBlocks(root: string, exclude: ReadonlySet<string>): AsyncGenerator<Buffer> {
  const top = openSync(root, OPEN_DIR);
  try {
    // The folder itself, as GNU tar writes it: an archive with no entry at all is not one to tar readers.
    const info = fstatSync(top);
    yield header({ path: './', type: 'Directory', mode: info.mode, mtime: info.mtime });
    yield* folderBlocks(top, '', exclude);
  } finally {
    closeSync(top);
  }
  yield Buffer.alloc(BLOCK * 2);
}

/*
 * The file system calls are synchronous: each takes microseconds on a local disk, while the
 * thread pool's round trip per call made a workspace of many small files several times
 * slower than tar. The event loop gets its turn at every piece the consumer pulls.
 */
async function* folderBlocks(folder: number, prefix: string, exclude: ReadonlySet<string>): AsyncGenerator<Buffer> {
  const via = `/proc/self/fd/${folder}`;
  for await (const dirent of await opendir(via)) {
    if (exclude.has(dirent.name)) continue;
    const entryPath = `${prefix}${dirent.name}`;
    const child = `${via}/${dirent.name}`;
    const info = lstatOrNull(child);
    if (!info) continue; // removed while the folder was read
    if (info.isDirectory()) {
      const sub = openOrNull(child, OPEN_DIR);
      if (sub === null) continue;
      try {
        yield header({ path: `${entryPath}/`, type: 'Directory', mode: info.mode, mtime: info.mtime });
        yield* folderBlocks(sub, `${entryPath}/`, exclude);
      } finally {
        closeSync(sub);
      }
    } else if (info.isFile()) {
      yield* fileBlocks(child, entryPath, info);
    } else if (info.isSymbolicLink()) {
      const target = readlinkOrNull(child);
      if (target !== null) yield header({ path: entryPath, type: 'SymbolicLink', mode: info.mode, mtime: info.mtime, linkpath: target });
    }
  }
}

function* fileBlocks(file: string, entryPath: string, listed: Stats): Generator<Buffer> {
  const fd = openOrNull(file, OPEN_FILE);
  if (fd === null) return;
  try {
    const info = fstatSync(fd);
    // Replaced since it was listed (by a folder, a link's target, a FIFO): left out.
    if (!info.isFile() || info.ino !== listed.ino || info.dev !== listed.dev) return;
    yield header({ path: entryPath, type: 'File', mode: info.mode, mtime: info.mtime, size: info.size });
    let left = info.size;
    while (left > 0) {
      const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, left));
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      // A file that shrank while being read keeps its declared size, padded with zeros.
      if (bytesRead === 0) {
        yield Buffer.alloc(left);
        break;
      }
      left -= bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
    if (info.size % BLOCK) yield Buffer.alloc(BLOCK - (info.size % BLOCK));
  } finally {
    closeSync(fd);
  }
}

interface EntryHeader {
  path: string;
  type: 'File' | 'Directory' | 'SymbolicLink';
  mode: number;
  mtime: Date;
  size?: number;
  linkpath?: string;
}

function header(entry: EntryHeader): Buffer {
  const data = {
    ...entry,
    mode: entry.mode & 0o7777,
    mtime: new Date(Math.floor(entry.mtime.getTime() / 1000) * 1000),
    size: entry.size ?? 0,
    uid: 0,
    gid: 0,
    uname: '',
    gname: '',
  };
  const h = new Header(data);
  // Long or non-ASCII names (and huge sizes) go in a pax header before the entry's own.
  const needPax = h.encode();
  if (!h.block) throw new Error(`tar header for ${entry.path} was not encoded`);
  if (!needPax) return h.block;
  return Buffer.concat([new Pax({ path: entry.path, linkpath: entry.linkpath, size: data.size, mtime: data.mtime }).encode(), h.block]);
}

function readlinkOrNull(file: string): string | null {
  try {
    return readlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EINVAL') return null;
    throw err;
  }
}

/** Null when it vanished or became something else (a link: ELOOP; not a folder: ENOTDIR). */
function openOrNull(file: string, flags: number): number | null {
  try {
    return openSync(file, flags);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR') return null;
    throw err;
  }
}
