import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Sandbox } from '../sandbox/sandbox';
import { runTool, TempWorkspace } from '../../test/temp-workspace';
import { GLOB_MAX_SHOWN, GlobTool } from './glob.tool';

describe('GlobTool (a real workspace folder)', () => {
  const tool = new GlobTool();
  let ws: TempWorkspace;
  let sandbox: Sandbox;
  const glob = (input: Record<string, unknown>) => runTool(tool, sandbox, input);
  const lines = async (input: Record<string, unknown>) => (await glob(input)).output.split('\n');

  beforeEach(async () => {
    ws = new TempWorkspace();
    sandbox = await ws.open();
    await ws.file('README.md', '', 1_000);
    await ws.file('src/app.ts', '', 3_000);
    await ws.file('src/app.tsx', '', 2_000);
    await ws.file('src/lib/util.ts', '', 5_000);
    await ws.file('src/lib/util.js', '', 4_000);
    await ws.file('docs/a1.md', '', 6_000);
    await ws.file('docs/ab.md', '', 7_000);
  });

  afterEach(() => ws.remove());

  it('lists matches newest first (by mtime)', async () => {
    expect(await lines({ pattern: '**/*.ts' })).toEqual(['src/lib/util.ts', 'src/app.ts']);
    expect(await lines({ pattern: '**/*' })).toEqual(['docs/ab.md', 'docs/a1.md', 'src/lib/util.ts', 'src/lib/util.js', 'src/app.ts', 'src/app.tsx', 'README.md']);
  });

  it('* stays in one folder, ** spans folders, ? is one character, {a,b} is either', async () => {
    expect(await lines({ pattern: '*.md' })).toEqual(['README.md']);
    expect(await lines({ pattern: 'src/*' })).toEqual(['src/app.ts', 'src/app.tsx']);
    expect(await lines({ pattern: 'src/**/*.ts' })).toEqual(['src/lib/util.ts', 'src/app.ts']);
    expect(await lines({ pattern: 'docs/a?.md' })).toEqual(['docs/ab.md', 'docs/a1.md']);
    expect(await lines({ pattern: '**/*.{tsx,js}' })).toEqual(['src/lib/util.js', 'src/app.tsx']);
  });

  it('searches below path, and still answers workspace-relative paths', async () => {
    expect(await lines({ pattern: '*.ts', path: 'src/lib' })).toEqual(['src/lib/util.ts']);
    expect(await lines({ pattern: '*.ts', path: path.join(sandbox.root, 'src') })).toEqual(['src/app.ts']);
  });

  it('says when nothing matches', async () => {
    expect(await glob({ pattern: '**/*.py' })).toEqual({ isError: false, output: 'No files found' });
    expect(await glob({ pattern: 'nowhere/*.ts' })).toEqual({ isError: false, output: 'No files found' });
  });

  it('skips .git and node_modules unless the pattern names them', async () => {
    await ws.file('node_modules/dep/index.ts', '', 9_000);
    await ws.file('.git/hooks/x.ts', '', 9_000);
    expect(await lines({ pattern: '**/*.ts' })).toEqual(['src/lib/util.ts', 'src/app.ts']);
    expect(await lines({ pattern: 'node_modules/**/*.ts' })).toEqual(['node_modules/dep/index.ts']);
    expect(await lines({ pattern: '**/node_modules/**/*.ts' })).toEqual(['node_modules/dep/index.ts']);
  });

  it('shows at most 500 files and says how many matched', async () => {
    await mkdir(path.join(ws.hostRoot, 'many'));
    await Promise.all(Array.from({ length: GLOB_MAX_SHOWN + 10 }, (_, i) => writeFile(path.join(ws.hostRoot, 'many', `f${i}.txt`), '')));
    const out = await lines({ pattern: 'many/*.txt' });
    expect(out).toHaveLength(GLOB_MAX_SHOWN + 1);
    expect(out[GLOB_MAX_SHOWN]).toBe('[... truncated: showing the 500 newest of 510 matching files; narrow the path or pattern ...]');
  });

  it('never follows a link out of the workspace, nor lists what is outside', async () => {
    await writeFile(path.join(ws.outside, 'secret.ts'), '');
    await symlink(ws.outside, path.join(ws.hostRoot, 'out-dir'));
    await symlink(path.join(ws.outside, 'secret.ts'), path.join(ws.hostRoot, 'out-file.ts'));
    await symlink(path.join(ws.hostRoot, 'src/app.ts'), path.join(ws.hostRoot, 'in-file.ts'));
    expect(await lines({ pattern: '**/*.ts' })).toEqual(['src/lib/util.ts', 'in-file.ts', 'src/app.ts']); // the link has its target's mtime
    expect(await glob({ pattern: '*.ts', path: '..' })).toMatchObject({ isError: true, output: expect.stringContaining('outside the workspace') });
    expect(await glob({ pattern: '../outside/*.ts' })).toMatchObject({ isError: true, output: expect.stringContaining('outside the workspace') });
    expect(await glob({ pattern: '*.ts', path: 'out-dir' })).toMatchObject({ isError: true, output: expect.stringContaining('outside the workspace') });
  });
});
