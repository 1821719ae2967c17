import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Sandbox } from '../sandbox/sandbox';
import { runTool, TempWorkspace } from '../../test/temp-workspace';
import { GREP_MAX_FILE_BYTES, GREP_MAX_RESULTS, GrepTool } from './grep.tool';

describe('GrepTool (a real workspace folder)', () => {
  const tool = new GrepTool();
  let ws: TempWorkspace;
  let sandbox: Sandbox;
  const grep = (input: Record<string, unknown>) => runTool(tool, sandbox, input);
  const lines = async (input: Record<string, unknown>) => (await grep(input)).output.split('\n');

  beforeEach(async () => {
    ws = new TempWorkspace();
    sandbox = await ws.open();
    await ws.file('src/a.ts', 'import x from "y";\nconst TODO = 1;\n// TODO: more\n', 1_000);
    await ws.file('src/b.ts', 'export const b = 2; // TODO\r\n', 3_000);
    await ws.file('notes.md', 'no todo here (lower case)\n', 2_000);
  });

  afterEach(() => ws.remove());

  it('lists matching files by default, newest first', async () => {
    expect(await grep({ pattern: 'TODO' })).toEqual({ isError: false, output: 'src/b.ts\nsrc/a.ts' });
    expect(await lines({ pattern: 'todo|TODO' })).toEqual(['src/b.ts', 'notes.md', 'src/a.ts']);
  });

  it('content mode answers path:line:text', async () => {
    expect(await lines({ pattern: 'TODO', output_mode: 'content' })).toEqual([
      'src/a.ts:2:const TODO = 1;',
      'src/a.ts:3:// TODO: more',
      'src/b.ts:1:export const b = 2; // TODO',
    ]);
  });

  it('count mode answers path:N', async () => {
    expect(await lines({ pattern: 'TODO', output_mode: 'count' })).toEqual(['src/a.ts:2', 'src/b.ts:1']);
  });

  it('filters by glob (a bare name at any depth), and searches below path or one file', async () => {
    expect(await lines({ pattern: 'o', glob: '*.md' })).toEqual(['notes.md']);
    expect(await lines({ pattern: 'o', glob: 'src/*.{ts,js}', output_mode: 'count' })).toEqual(['src/a.ts:3', 'src/b.ts:1']);
    expect(await lines({ pattern: 'TODO', path: 'src/a.ts', output_mode: 'count' })).toEqual(['src/a.ts:2']);
    expect(await grep({ pattern: 'nothing like this' })).toEqual({ isError: false, output: 'No matches found' });
  });

  it('names an invalid regular expression', async () => {
    const result = await grep({ pattern: 'foo(' });
    expect(result.isError).toBe(true);
    expect(result.output).toMatch(/^Invalid regular expression "foo\(": /);
  });

  it('skips binary files (a NUL in the first 8 KB) and files over 5 MB', async () => {
    await ws.file('logo.bin', Buffer.concat([Buffer.from('TODO'), Buffer.from([0]), Buffer.from('TODO')]));
    await ws.file('huge.log', `TODO\n${'x'.repeat(GREP_MAX_FILE_BYTES)}`);
    expect(await lines({ pattern: 'TODO' })).toEqual(['src/b.ts', 'src/a.ts']);
  });

  it('cuts long lines and shows at most 500 lines, saying so', async () => {
    await ws.file('long.txt', `${'m'.repeat(600)}\n`);
    expect(await lines({ pattern: 'm', path: 'long.txt', output_mode: 'content' })).toEqual([`long.txt:1:${'m'.repeat(500)} [... line cut: 100 more characters ...]`]);
    await ws.file('many.txt', 'hit\n'.repeat(GREP_MAX_RESULTS + 5));
    const out = await lines({ pattern: 'hit', path: 'many.txt', output_mode: 'content' });
    expect(out).toHaveLength(GREP_MAX_RESULTS + 1);
    expect(out[GREP_MAX_RESULTS - 1]).toBe('many.txt:500:hit');
    expect(out[GREP_MAX_RESULTS]).toMatch(/^\[\.\.\. truncated: showing the first 500 matching lines/);
  });

  it('shows matching lines redacted: a cut at 500 characters keeps no part of a secret, a key\'s lines are hidden', async () => {
    const secret = 'sk-ant-api03-Zq7vLw2Xk9Pm4Rt8Yb6Nc1Hd5Gf3Js0Ka';
    // Cut first and redacted after, the line would end in "sk-ant-api03-Z": too short to be recognised.
    await ws.file('min.js', `${'v'.repeat(485)}${secret};\n`);
    const [hit] = await lines({ pattern: 'v', path: 'min.js', output_mode: 'content' });
    expect(hit).toBe(`min.js:1:${'v'.repeat(485)}[REDACTED];`);
    await ws.file('key.pem', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSj\n-----END PRIVATE KEY-----\n');
    expect(await lines({ pattern: 'A', path: 'key.pem', output_mode: 'content' })).toEqual(['key.pem:1:[REDACTED]', 'key.pem:2:[REDACTED]', 'key.pem:3:[REDACTED]']);
  });

  it('redacts a secret whose name a colour code splits from its value', async () => {
    await ws.file('env.log', 'DB_PASSWORD\x1b[0m=hunter2hunter2\n');
    expect(await lines({ pattern: 'DB', path: 'env.log', output_mode: 'content' })).toEqual(['env.log:1:DB_PASSWORD=[REDACTED]']);
  });

  it('skips a PDF or an image even without a NUL byte in its start', async () => {
    await ws.file('doc.pdf', '%PDF-1.7\nTODO\n');
    expect(await lines({ pattern: 'TODO' })).toEqual(['src/b.ts', 'src/a.ts']);
  });

  it('skips node_modules unless named', async () => {
    await ws.file('node_modules/dep/index.js', 'TODO');
    expect(await lines({ pattern: 'TODO' })).toEqual(['src/b.ts', 'src/a.ts']);
    expect(await lines({ pattern: 'TODO', path: 'node_modules' })).toEqual(['node_modules/dep/index.js']);
  });

  it('never reads outside the workspace, by path or through a link', async () => {
    await writeFile(path.join(ws.outside, 'secret.txt'), 'TODO secret');
    await symlink(ws.outside, path.join(ws.hostRoot, 'out-dir'));
    await symlink(path.join(ws.outside, 'secret.txt'), path.join(ws.hostRoot, 'out-file.txt'));
    expect(await lines({ pattern: 'secret' })).toEqual(['No matches found']);
    expect(await grep({ pattern: 'TODO', path: '../outside' })).toMatchObject({ isError: true, output: expect.stringContaining('outside the workspace') });
    expect(await grep({ pattern: 'TODO', path: 'out-file.txt' })).toMatchObject({ isError: true, output: expect.stringContaining('outside the workspace') });
  });
});
