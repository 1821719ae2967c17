import { readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Sandbox } from '../sandbox/sandbox';
import { runTool, TempWorkspace } from '../../test/temp-workspace';
import { EditTool } from './edit.tool';

describe('EditTool (a real workspace folder)', () => {
  const tool = new EditTool();
  let ws: TempWorkspace;
  let sandbox: Sandbox;
  const edit = (input: Record<string, unknown>) => runTool(tool, sandbox, input);
  const content = (rel: string) => readFile(path.join(ws.hostRoot, rel), 'utf8');

  beforeEach(async () => {
    ws = new TempWorkspace();
    sandbox = await ws.open();
  });

  afterEach(() => ws.remove());

  it('replaces the one occurrence', async () => {
    await ws.file('src/a.ts', 'const a = 1;\nconst b = 2;\n');
    expect(await edit({ path: 'src/a.ts', old_string: 'b = 2', new_string: 'b = 3' })).toEqual({ isError: false, output: 'Replaced 1 occurrence in src/a.ts' });
    expect(await content('src/a.ts')).toBe('const a = 1;\nconst b = 3;\n');
  });

  it('says old_string was not found, and changes nothing', async () => {
    await ws.file('a.txt', 'hello');
    const result = await edit({ path: 'a.txt', old_string: 'bye', new_string: 'x' });
    expect(result.isError).toBe(true);
    expect(result.output).toMatch(/^old_string was not found in a\.txt/);
    expect(await content('a.txt')).toBe('hello');
  });

  it('refuses a repeated old_string without replace_all, saying how many times it occurs', async () => {
    await ws.file('a.txt', 'x x x');
    const result = await edit({ path: 'a.txt', old_string: 'x', new_string: 'y' });
    expect(result.isError).toBe(true);
    expect(result.output).toMatch(/occurs 3 times in a\.txt/);
    expect(result.output).toMatch(/more surrounding context/);
    expect(result.output).toMatch(/replace_all/);
    expect(await content('a.txt')).toBe('x x x');
  });

  it('replaces every occurrence with replace_all', async () => {
    await ws.file('a.txt', 'x x x');
    expect(await edit({ path: 'a.txt', old_string: 'x', new_string: 'y', replace_all: true })).toEqual({ isError: false, output: 'Replaced 3 occurrences in a.txt' });
    expect(await content('a.txt')).toBe('y y y');
  });

  it('refuses old_string equal to new_string', async () => {
    await ws.file('a.txt', 'same');
    const result = await edit({ path: 'a.txt', old_string: 'same', new_string: 'same' });
    expect(result).toMatchObject({ isError: true, output: expect.stringMatching(/are the same/) });
  });

  it('writes new_string as written: $& and $1 are not replacement patterns', async () => {
    await ws.file('a.txt', 'price: X');
    await edit({ path: 'a.txt', old_string: 'X', new_string: '$& $1 $$' });
    expect(await content('a.txt')).toBe('price: $& $1 $$');
  });

  it('answers a missing file with a tool error', async () => {
    expect(await edit({ path: 'nope.txt', old_string: 'a', new_string: 'b' })).toMatchObject({ isError: true, output: expect.stringMatching(/^nope\.txt: no such file/) });
  });

  it('refuses a path outside the workspace, by .. or through a link', async () => {
    await writeFile(path.join(ws.outside, 'secret.txt'), 'token');
    const byDots = await edit({ path: '../outside/secret.txt', old_string: 'token', new_string: 'x' });
    expect(byDots).toMatchObject({ isError: true, output: expect.stringContaining('outside the workspace') });
    await symlink(path.join(ws.outside, 'secret.txt'), path.join(ws.hostRoot, 'link.txt'));
    const byLink = await edit({ path: 'link.txt', old_string: 'token', new_string: 'x' });
    expect(byLink).toMatchObject({ isError: true, output: expect.stringContaining('outside the workspace') });
    expect(await readFile(path.join(ws.outside, 'secret.txt'), 'utf8')).toBe('token');
  });
});
