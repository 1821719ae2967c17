import { InMemorySandbox } from '../../test/in-memory-sandbox';
import { ReadTool } from './read.tool';

describe('ReadTool', () => {
  const tool = new ReadTool();
  let sandbox: InMemorySandbox;
  const read = (input: Record<string, unknown>) => tool.run(input, { sandbox, signal: new AbortController().signal });

  beforeEach(() => {
    sandbox = new InMemorySandbox();
  });

  it('answers cat -n style: the number right-aligned, a tab, the line', async () => {
    await sandbox.writeFile('src/a.ts', 'const a = 1;\nexport { a };\n');
    const result = await read({ path: 'src/a.ts' });
    expect(result).toEqual({ isError: false, output: '     1\tconst a = 1;\n     2\texport { a };' });
  });

  it('pages with a 1-based offset and says where to go on', async () => {
    await sandbox.writeFile('big.txt', Array.from({ length: 2500 }, (_, i) => `row ${i + 1}`).join('\n'));
    const first = await read({ path: 'big.txt' });
    const lines = first.output.split('\n');
    expect(lines).toHaveLength(2001);
    expect(lines[1999]).toBe('  2000\trow 2000');
    expect(lines[2000]).toBe('[... file has 500 more lines; read with offset=2001 ...]');
    const next = await read({ path: 'big.txt', offset: 2001, limit: 2 });
    expect(next.output).toBe('  2001\trow 2001\n  2002\trow 2002\n[... file has 498 more lines; read with offset=2003 ...]');
  });

  it('redacts a secret whose name a colour code splits from its value, however the file is read in pieces', async () => {
    await sandbox.writeFile('env.log', `${'x'.repeat(70_000)}\nDB_PASSWORD\x1b[0m=hunter2hunter2\n`);
    const result = await read({ path: 'env.log', offset: 2, limit: 1 });
    expect(result.output).toBe('     2\tDB_PASSWORD=[REDACTED]');
  });

  it('cuts a line over 2,000 characters with a marker', async () => {
    await sandbox.writeFile('min.js', `${'y'.repeat(2500)}\nend`);
    const { output } = await read({ path: 'min.js' });
    expect(output).toBe(`     1\t${'y'.repeat(2000)} [... line cut: 500 more characters ...]\n     2\tend`);
  });

  it('describes a binary file rather than dumping it', async () => {
    await sandbox.writeFile('blob.bin', Buffer.concat([Buffer.from('data'), Buffer.alloc(3000)]));
    expect(await read({ path: 'blob.bin' })).toEqual({ isError: false, output: 'blob.bin: binary file, 3004 bytes; not shown' });
  });

  it('says what an image is, and its size', async () => {
    const header = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 0, 128]);
    await sandbox.writeFile('logo.png', Buffer.concat([header, Buffer.alloc(3000, 0xaa)]));
    expect(await read({ path: 'logo.png' })).toEqual({ isError: false, output: 'logo.png: PNG image, 256x128, 3024 bytes; not shown' });
  });

  it('shows a text file with a few invalid bytes, made safe', async () => {
    await sandbox.writeFile('latin1.txt', Buffer.from('caf\xe9 ok\x07\n', 'latin1'));
    expect((await read({ path: 'latin1.txt' })).output).toBe('     1\tcaf\uFFFD ok\uFFFD');
  });

  it('says when the file is empty or the offset is past its end', async () => {
    await sandbox.writeFile('empty', '');
    await sandbox.writeFile('three', '1\n2\n3\n');
    expect((await read({ path: 'empty' })).output).toBe('(the file is empty)');
    expect((await read({ path: 'three', offset: 9 })).output).toBe('[the file has 3 lines; offset 9 is past its end]');
  });

  it('fails as a tool for a missing file or a folder', async () => {
    await sandbox.writeFile('dir/x', 'x');
    await expect(read({ path: 'nope.txt' })).rejects.toThrow('nope.txt: no such file');
    await expect(read({ path: 'dir' })).rejects.toThrow('dir is a directory; list it with ls');
  });
});
