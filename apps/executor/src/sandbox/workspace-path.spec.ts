import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SandboxFileError } from './sandbox-errors';
import { resolveConfined, resolveInWorkspace } from './workspace-path';

// Symbolic links can only be checked on a real file system: a folder of its own under tmp.
describe('workspace paths', () => {
  let base: string;
  let root: string;
  let outside: string;

  beforeAll(() => {
    base = realpathSync(mkdtempSync(path.join(tmpdir(), 'cf-paths-')));
    root = path.join(base, 'ws');
    outside = path.join(base, 'secret');
    mkdirSync(path.join(root, 'src'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'key'), 'k');
    writeFileSync(path.join(root, 'src', 'a.ts'), 'a');
    symlinkSync(outside, path.join(root, 'out'));
    symlinkSync(path.join(root, 'src'), path.join(root, 'in'));
    symlinkSync(path.join(base, 'nowhere'), path.join(root, 'dangling'));
  });

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const refused = async (input: string) => {
    const err = await resolveConfined(root, input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SandboxFileError);
    return err as SandboxFileError;
  };

  it('accepts paths inside, relative or absolute, existing or not', async () => {
    await expect(resolveConfined(root, 'src/a.ts')).resolves.toBe(path.join(root, 'src/a.ts'));
    await expect(resolveConfined(root, '/home/user/project/src')).resolves.toBe(path.join(root, 'src'));
    await expect(resolveConfined(root, 'new/deep/file.txt')).resolves.toBe(path.join(root, 'new/deep/file.txt'));
    await expect(resolveConfined(root, '')).resolves.toBe(root);
    await expect(resolveConfined(root, 'src/../src/./a.ts')).resolves.toBe(path.join(root, 'src/a.ts'));
  });

  it('refuses .. that climbs out', async () => {
    expect((await refused('../secret/key')).problem).toBe('outside_workspace');
    expect((await refused('src/../../ws2')).problem).toBe('outside_workspace');
  });

  it('refuses an absolute path elsewhere, including a sibling with the same prefix', async () => {
    expect((await refused('/etc/passwd')).problem).toBe('outside_workspace');
    expect((await refused('/home/user/project2/file')).problem).toBe('outside_workspace');
    // The host folder is not the workspace's name: the model never sees it.
    expect((await refused(path.join(root, 'src'))).problem).toBe('outside_workspace');
  });

  it('refuses a symbolic link that points out, and what lies beneath it', async () => {
    expect((await refused('out')).problem).toBe('outside_workspace');
    expect((await refused('out/key')).problem).toBe('outside_workspace');
    expect((await refused('out/not-yet/new.txt')).problem).toBe('outside_workspace');
  });

  it('follows a symbolic link that stays inside', async () => {
    await expect(resolveConfined(root, 'in/a.ts')).resolves.toBe(path.join(root, 'src/a.ts'));
  });

  it('refuses a link to nowhere, which a write would follow out', async () => {
    expect((await refused('dangling')).problem).toBe('dangling_link');
  });

  it('refuses a NUL byte', async () => {
    expect((await refused('a\0b')).problem).toBe('invalid_path');
  });

  it('checks text alone for a remote sandbox', () => {
    expect(resolveInWorkspace('/home/user/workspace', 'a/b', path.posix)).toBe('/home/user/workspace/a/b');
    expect(() => resolveInWorkspace('/home/user/workspace', '../../etc', path.posix)).toThrow('outside the workspace');
  });
});
