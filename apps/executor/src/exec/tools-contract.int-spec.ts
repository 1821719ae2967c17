import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ToolName } from '@cofounder/contracts';
import { ExecutorHarness } from '../../test/executor-harness';

/**
 * What the model can count on from each of the seven tools, through tools.exec against the
 * local sandbox: what tools-exec.int-spec.ts does not already show (bash's exit codes,
 * timeout and cap; write, read and ls working together).
 */
describe('the tools through tools.exec: results, errors and confinement', () => {
  let executor: ExecutorHarness;
  /** A folder beside the workspaces, holding a file no tool may read or change. */
  let outside: string;
  const SECRET_FILE = 'secret.txt';

  const exec = (runId: string, tool: ToolName, input: Record<string, unknown>) => executor.exec(runId, tool, input);
  const newRun = async (files: Record<string, string | Buffer> = {}): Promise<string> => {
    const runId = randomUUID();
    await exec(runId, 'ls', {});
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(executor.workspace(runId), name)), { recursive: true });
      writeFileSync(path.join(executor.workspace(runId), name), content);
    }
    return runId;
  };

  beforeAll(async () => {
    executor = await ExecutorHarness.start();
    outside = path.join(executor.dataDir, 'outside');
    mkdirSync(outside);
    writeFileSync(path.join(outside, SECRET_FILE), 'outside secret\n');
  });
  afterAll(() => executor?.close());

  describe('happy paths', () => {
    it('edit replaces a unique string, or every one with replace_all', async () => {
      const runId = await newRun({ 'src/a.ts': 'let a = 1;\nlet b = a;\n' });
      expect(await exec(runId, 'edit', { path: 'src/a.ts', old_string: 'let a', new_string: 'const a' }))
        .toMatchObject({ isError: false, output: 'Replaced 1 occurrence in src/a.ts' });
      expect(await exec(runId, 'edit', { path: 'src/a.ts', old_string: 'a', new_string: 'x', replace_all: true }))
        .toMatchObject({ isError: false, output: 'Replaced 2 occurrences in src/a.ts' });
      expect(readFileSync(path.join(executor.workspace(runId), 'src/a.ts'), 'utf8')).toBe('const x = 1;\nlet b = x;\n');
    });

    it('glob finds files newest first', async () => {
      const runId = await newRun({ 'src/old.ts': '', 'src/new.ts': '', 'README.md': '' });
      await exec(runId, 'bash', { command: 'touch -d 2020-01-01 src/old.ts' });
      expect(await exec(runId, 'glob', { pattern: '**/*.ts' })).toMatchObject({ isError: false, output: 'src/new.ts\nsrc/old.ts' });
    });

    it('grep shows matching lines with their numbers, and counts', async () => {
      const runId = await newRun({ 'src/a.ts': 'one\n// TODO two\nthree TODO\n', 'b.md': 'nothing' });
      expect(await exec(runId, 'grep', { pattern: 'TODO', output_mode: 'content' }))
        .toMatchObject({ isError: false, output: 'src/a.ts:2:// TODO two\nsrc/a.ts:3:three TODO' });
      expect(await exec(runId, 'grep', { pattern: 'TODO', output_mode: 'count' })).toMatchObject({ isError: false, output: 'src/a.ts:2' });
    });
  });

  describe('the main error of each tool is a result the model can act on', () => {
    it.each<[string, ToolName, Record<string, unknown>, RegExp]>([
      ['read of a missing file', 'read', { path: 'nope.txt' }, /^nope\.txt: no such file$/],
      ['write onto a folder', 'write', { path: 'src', content: 'x' }, /^src: is a directory$/],
      ['edit whose old_string is not there', 'edit', { path: 'src/a.ts', old_string: 'absent', new_string: 'x' }, /^old_string was not found in src\/a\.ts/],
      ['edit whose old_string occurs twice', 'edit', { path: 'src/a.ts', old_string: 'let', new_string: 'x' }, /^old_string occurs 2 times in src\/a\.ts/],
      ['glob below a file', 'glob', { pattern: '*', path: 'src/a.ts' }, /^src\/a\.ts is not a directory$/],
      ['grep with an invalid expression', 'grep', { pattern: '(unclosed' }, /^Invalid regular expression "\(unclosed"/],
      ['ls of a missing folder', 'ls', { path: 'gone' }, /^gone: no such directory$/],
      ['bash of a missing program', 'bash', { command: 'no-such-program-cf' }, /^exit code: 127\nstdout:\n\nstderr:\n.*no-such-program-cf.*not found/],
    ])('%s', async (_what, tool, input, message) => {
      const runId = await newRun({ 'src/a.ts': 'let a = 1;\nlet b = 2;\n' });
      const reply = await exec(runId, tool, input);
      expect(reply.isError).toBe(true);
      expect(reply.output).toMatch(message);
      expect(readFileSync(path.join(executor.workspace(runId), 'src/a.ts'), 'utf8')).toBe('let a = 1;\nlet b = 2;\n');
    });
  });

  describe('confinement: `..`, an absolute path elsewhere and a symbolic link out are refused', () => {
    const escapes = () => ['../outside', outside, 'out'];

    it.each<[ToolName, (dir: string) => Record<string, unknown>]>([
      ['read', (dir) => ({ path: `${dir}/${SECRET_FILE}` })],
      ['write', (dir) => ({ path: `${dir}/new.txt`, content: 'escaped' })],
      ['edit', (dir) => ({ path: `${dir}/${SECRET_FILE}`, old_string: 'outside', new_string: 'escaped' })],
      ['glob', (dir) => ({ pattern: '*', path: dir })],
      ['grep', (dir) => ({ pattern: 'secret', path: dir })],
      ['ls', (dir) => ({ path: dir })],
    ])('%s', async (tool, input) => {
      const runId = await newRun();
      // Made on the host: inside the sandbox the host's folders are not there to link to.
      symlinkSync(outside, path.join(executor.workspace(runId), 'out'));
      for (const dir of escapes()) {
        const reply = await exec(runId, tool, input(dir));
        expect({ dir, reply }).toMatchObject({ dir, reply: { isError: true, output: expect.stringContaining('outside the workspace') } });
        expect(reply.output).not.toContain('outside secret');
      }
      expect(readFileSync(path.join(outside, SECRET_FILE), 'utf8')).toBe('outside secret\n');
      expect(existsSync(path.join(outside, 'new.txt'))).toBe(false);
      // The run goes on: the next call works.
      expect(await exec(runId, 'write', { path: 'ok.txt', content: 'fine' })).toMatchObject({ isError: false });
    });

    it('glob refuses a pattern that climbs out', async () => {
      const runId = await newRun();
      const reply = await exec(runId, 'glob', { pattern: '../outside/*' });
      expect(reply).toMatchObject({ isError: true, output: expect.stringContaining('outside the workspace') });
    });

    it('glob and grep walk past a link that leads out, without following it', async () => {
      const runId = await newRun({ 'mine.txt': 'secret of mine\n' });
      symlinkSync(outside, path.join(executor.workspace(runId), 'out'));
      symlinkSync(path.join(outside, SECRET_FILE), path.join(executor.workspace(runId), 'linked.txt'));
      expect(await exec(runId, 'glob', { pattern: '**/*.txt' })).toMatchObject({ isError: false, output: 'mine.txt' });
      expect(await exec(runId, 'grep', { pattern: 'secret', output_mode: 'content' })).toMatchObject({ isError: false, output: 'mine.txt:1:secret of mine' });
    });

    it('bash under bubblewrap can neither read nor write outside the workspace', async () => {
      const runId = await newRun();
      const reply = await exec(runId, 'bash', { command: `cat ${outside}/${SECRET_FILE}; echo escaped > ${outside}/new.txt` });
      expect(reply.isError).toBe(true);
      expect(reply.output).not.toContain('outside secret');
      expect(existsSync(path.join(outside, 'new.txt'))).toBe(false);
    });
  });

  describe('output the model can read', () => {
    const SECRET = 'sk-ant-api03-Zq7vLw2Xk9Pm4Rt8Yb6Nc1Hd5Gf3Js0Ka';
    const expectNoFragment = (output: string) => {
      const body = SECRET.slice('sk-ant-'.length);
      for (let i = 0; i + 6 <= body.length; i++) expect(output).not.toContain(body.slice(i, i + 6));
    };

    it('bash: no part of a secret survives where the head ends or the tail starts', async () => {
      const runId = await newRun();
      // The head keeps 15,000 characters: it would end 15 characters into the key.
      const head = await exec(runId, 'bash', { command: `printf 'a%.0s' {1..14985}; echo ${SECRET}; seq 1 100000` });
      expect(head.output).toMatch(/\[\.\.\. \d+ lines omitted \.\.\.\]/);
      expect(head.output).toContain('a[REDACTED]');
      expectNoFragment(head.output);
      // The tail keeps 15,000 characters: it would start 9 characters before the key's end.
      const tail = await exec(runId, 'bash', { command: `seq 1 100000; echo ${SECRET}; printf 'b%.0s' {1..14990}` });
      expect(tail.output).toMatch(/\[\.\.\. \d+ lines omitted \.\.\.\]/);
      expectNoFragment(tail.output);
    });

    it('bash: NUL bytes, invalid UTF-8 and control characters arrive as safe text', async () => {
      const runId = await newRun();
      const reply = await exec(runId, 'bash', { command: String.raw`printf 'ok\000\377\033[31mred\033[0m\a\tend\n'; head -c 20000 /dev/urandom >&2` });
      expect(reply.output.startsWith('exit code: 0\nstdout:\nok\uFFFD\uFFFDred\uFFFD\tend\nstderr:\n')).toBe(true);
      // eslint-disable-next-line no-control-regex
      expect(reply.output).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
      expect(Buffer.from(reply.output, 'utf8').toString('utf8')).toBe(reply.output);
    });

    it('read describes an image or a binary file instead of dumping it', async () => {
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'),
        Buffer.from([0, 0, 0, 48, 0, 0, 0, 16]), Buffer.alloc(1000, 0xee)]);
      const runId = await newRun({ 'logo.png': png });
      await exec(runId, 'bash', { command: 'head -c 5000 /dev/urandom > blob && printf "x\\000y" >> blob && cp "$(command -v bash)" bashcopy' });
      expect(await exec(runId, 'read', { path: 'logo.png' })).toMatchObject({ isError: false, output: `logo.png: PNG image, 48x16, ${png.length} bytes; not shown` });
      expect((await exec(runId, 'read', { path: 'blob' })).output).toBe('blob: binary file, 5003 bytes; not shown');
      expect((await exec(runId, 'read', { path: 'bashcopy' })).output).toMatch(/^bashcopy: ELF executable, \d+ bytes; not shown$/);
    });

    it('read cuts a line over 2,000 characters, and pages a private key as [REDACTED] lines', async () => {
      const key = ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSj', 'AgEAAoIBAQC7VJTUt9Us8cKjjYgcXjKRa1k2VNUv', '-----END PRIVATE KEY-----'];
      const runId = await newRun({ 'min.js': `${'y'.repeat(2500)}\n`, 'key.pem': `${key.join('\n')}\n` });
      expect((await exec(runId, 'read', { path: 'min.js' })).output).toBe(`     1\t${'y'.repeat(2000)} [... line cut: 500 more characters ...]`);
      expect((await exec(runId, 'read', { path: 'key.pem', offset: 2, limit: 1 })).output)
        .toBe('     2\t[REDACTED]\n[... file has 2 more lines; read with offset=3 ...]');
    });
  });
});
