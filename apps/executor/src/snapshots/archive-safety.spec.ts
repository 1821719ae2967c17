import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync, chmodSync, symlinkSync, linkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';
import { emptyFolder } from './empty-folder';
import { ManifestBuilder } from './snapshot-manifest';
import { ArchiveRefused } from './snapshot-errors';
import { packFolder } from './pack-folder';
import { unpackIntoFolder } from './unpack-into-folder';

interface RawEntry {
  path: string;
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'CharacterDevice' | 'FIFO';
  body?: string;
  linkpath?: string;
  mode?: number;
}

/** A gzip'd tar written block by block, so a test can say exactly what a hostile archive holds. */
function archiveOf(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? '');
    const header = new Header({ path: e.path, type: e.type ?? 'File', mode: e.mode ?? 0o644, size: body.length, linkpath: e.linkpath, mtime: new Date(0) });
    header.encode();
    blocks.push(header.block!, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

async function* streamOf(data: Buffer, pieces = 3): AsyncIterable<Uint8Array> {
  const size = Math.ceil(data.length / pieces);
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

describe('workspace archives', () => {
  let base: string;
  let workspace: string;
  let outside: string;

  beforeEach(() => {
    base = mkdtempSync(path.join(os.tmpdir(), 'cf-archive-'));
    workspace = path.join(base, 'workspace');
    outside = path.join(base, 'outside');
    mkdirSync(workspace);
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'secret'), 'untouched');
  });
  afterEach(() => {
    execFileSync('chmod', ['-R', 'u+rwx', base]);
    rmSync(base, { recursive: true, force: true });
  });

  const outsideUntouched = () => {
    expect(readdirSync(outside)).toEqual(['secret']);
    expect(readFileSync(path.join(outside, 'secret'), 'utf8')).toBe('untouched');
    expect(readdirSync(base).sort()).toEqual(['outside', 'workspace']);
  };

  describe('restore refuses an archive that reaches outside', () => {
    it.each<[string, RawEntry[]]>([
      ['a parent path', [{ path: '../x', body: 'pwned' }]],
      ['a parent path deeper down', [{ path: 'a/../../x', body: 'pwned' }]],
      ['an absolute path', [{ path: '/tmp/cf-absolute-pwned', body: 'pwned' }]],
      ['a write through a link to a folder', [{ path: 'link', type: 'SymbolicLink', linkpath: '../outside' }, { path: 'link/secret', body: 'pwned' }]],
      ['a write through an absolute link', [{ path: 'link', type: 'SymbolicLink', linkpath: '/tmp' }, { path: 'link/cf-pwned', body: 'pwned' }]],
      ['a file over a link to a file', [{ path: 'link', type: 'SymbolicLink', linkpath: '../outside/secret' }, { path: 'link', body: 'pwned' }]],
      ['a folder over a link', [{ path: 'link', type: 'SymbolicLink', linkpath: '../outside' }, { path: 'link/', type: 'Directory' }]],
      ['a hard link', [{ path: 'hard', type: 'Link', linkpath: '../outside/secret' }]],
      ['a hard link inside', [{ path: 'a', body: 'x' }, { path: 'hard', type: 'Link', linkpath: 'a' }]],
      ['a device', [{ path: 'tty', type: 'CharacterDevice' }]],
      ['a FIFO', [{ path: 'pipe', type: 'FIFO' }]],
    ])('%s', async (_what, entries) => {
      await expect(unpackIntoFolder(workspace, streamOf(archiveOf(entries)))).rejects.toBeInstanceOf(ArchiveRefused);
      outsideUntouched();
      expect(existsSync('/tmp/cf-absolute-pwned')).toBe(false);
      expect(existsSync('/tmp/cf-pwned')).toBe(false);
    });

    it('as the manifest does, so such an archive is never registered', async () => {
      const manifest = new ManifestBuilder();
      const write = async () => {
        for await (const chunk of streamOf(archiveOf([{ path: '../x', body: 'pwned' }]))) await manifest.write(chunk);
        return manifest.finish();
      };
      await expect(write()).rejects.toBeInstanceOf(ArchiveRefused);
    });
  });

  it('restores a link that points outside as a link, without following it', async () => {
    await unpackIntoFolder(workspace, streamOf(archiveOf([
      { path: 'etc', type: 'SymbolicLink', linkpath: '/etc' },
      { path: 'up', type: 'SymbolicLink', linkpath: '../outside/secret' },
    ])));
    expect(readlinkSync(path.join(workspace, 'etc'))).toBe('/etc');
    expect(readlinkSync(path.join(workspace, 'up'))).toBe('../outside/secret');
    outsideUntouched();
  });

  it('takes GNU tar\'s ./ paths, and sets a read-only folder\'s mode after its files', async () => {
    await unpackIntoFolder(workspace, streamOf(archiveOf([
      { path: './', type: 'Directory', mode: 0o755 },
      { path: './ro/', type: 'Directory', mode: 0o555 },
      { path: './ro/inside', body: 'kept', mode: 0o444 },
      { path: './implied/parent/file', body: 'deep' },
    ])));
    expect(statSync(path.join(workspace, 'ro')).mode & 0o777).toBe(0o555);
    expect(statSync(path.join(workspace, 'ro/inside')).mode & 0o777).toBe(0o444);
    expect(readFileSync(path.join(workspace, 'ro/inside'), 'utf8')).toBe('kept');
    expect(readFileSync(path.join(workspace, 'implied/parent/file'), 'utf8')).toBe('deep');
  });

  it('unpacks an archive made by GNU tar (as the e2b sandbox makes it)', async () => {
    const source = path.join(base, 'source');
    mkdirSync(path.join(source, 'src'), { recursive: true });
    writeFileSync(path.join(source, 'src/main.sh'), 'echo hi\n', { mode: 0o755 });
    symlinkSync('src/main.sh', path.join(source, 'run'));
    const gnu = execFileSync('tar', ['czf', '-', '-C', source, '.']);
    await unpackIntoFolder(workspace, streamOf(gnu, 1));
    expect(readFileSync(path.join(workspace, 'src/main.sh'), 'utf8')).toBe('echo hi\n');
    expect(statSync(path.join(workspace, 'src/main.sh')).mode & 0o777).toBe(0o755);
    expect(readlinkSync(path.join(workspace, 'run'))).toBe('src/main.sh');
  });

  it('packs excluded names at any depth out, hard links as files, and skips FIFOs', async () => {
    mkdirSync(path.join(workspace, 'app/node_modules/x'), { recursive: true });
    mkdirSync(path.join(workspace, 'node_modules'));
    writeFileSync(path.join(workspace, 'app/node_modules/x/index.js'), 'x');
    writeFileSync(path.join(workspace, 'app/main.js'), 'main');
    linkSync(path.join(workspace, 'app/main.js'), path.join(workspace, 'app/same.js'));
    execFileSync('mkfifo', [path.join(workspace, 'pipe')]);
    const archive = await collect(packFolder(workspace, ['node_modules']));
    const restored = path.join(base, 'restored');
    mkdirSync(restored);
    await unpackIntoFolder(restored, streamOf(archive));
    expect(readdirSync(restored).sort()).toEqual(['app']);
    expect(readdirSync(path.join(restored, 'app')).sort()).toEqual(['main.js', 'same.js']);
    expect(readFileSync(path.join(restored, 'app/same.js'), 'utf8')).toBe('main');
    expect(lstatSync(path.join(restored, 'app/same.js')).nlink).toBe(1);
  });

  it('empties a folder with read-only folders in it, but not what its links point to', async () => {
    mkdirSync(path.join(workspace, 'ro/deeper'), { recursive: true });
    writeFileSync(path.join(workspace, 'ro/deeper/f'), 'f');
    chmodSync(path.join(workspace, 'ro/deeper'), 0o555);
    chmodSync(path.join(workspace, 'ro'), 0o555);
    symlinkSync(outside, path.join(workspace, 'out'));
    await emptyFolder(workspace);
    expect(readdirSync(workspace)).toEqual([]);
    outsideUntouched();
  });
});
