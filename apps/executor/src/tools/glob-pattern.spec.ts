import { globToRegExp, splitStaticPrefix } from './glob-pattern';

const matches = (glob: string, p: string) => globToRegExp(glob).test(p);

describe('globToRegExp', () => {
  it('* and ? stay within one name', () => {
    expect(matches('*.ts', 'a.ts')).toBe(true);
    expect(matches('*.ts', 'src/a.ts')).toBe(false);
    expect(matches('*.ts', 'a.tsx')).toBe(false);
    expect(matches('?.ts', 'a.ts')).toBe(true);
    expect(matches('?.ts', 'ab.ts')).toBe(false);
    expect(matches('src/*', 'src/a/b')).toBe(false);
  });

  it('** spans any number of folders, none included', () => {
    expect(matches('**/*.ts', 'a.ts')).toBe(true);
    expect(matches('**/*.ts', 'src/deep/er/a.ts')).toBe(true);
    expect(matches('src/**/*.ts', 'src/a.ts')).toBe(true);
    expect(matches('src/**/*.ts', 'src/x/y/a.ts')).toBe(true);
    expect(matches('src/**/*.ts', 'lib/a.ts')).toBe(false);
    expect(matches('src/**', 'src/x/y')).toBe(true);
    expect(matches('**', 'any/thing.txt')).toBe(true);
  });

  it('{a,b} is either, nested too', () => {
    expect(matches('*.{ts,tsx}', 'a.tsx')).toBe(true);
    expect(matches('*.{ts,tsx}', 'a.ts')).toBe(true);
    expect(matches('*.{ts,tsx}', 'a.js')).toBe(false);
    expect(matches('{src,lib/{x,y}}/*.md', 'lib/y/r.md')).toBe(true);
    expect(matches('{src,lib/{x,y}}/*.md', 'lib/z/r.md')).toBe(false);
    expect(matches('a{b', 'a{b')).toBe(true);
  });

  it('character classes, negated ones, and literals that mean something in a RegExp', () => {
    expect(matches('file[0-9].txt', 'file3.txt')).toBe(true);
    expect(matches('file[!0-9].txt', 'file3.txt')).toBe(false);
    expect(matches('file[!0-9].txt', 'filex.txt')).toBe(true);
    expect(matches('a.b', 'axb')).toBe(false);
    expect(matches('(x)+$.txt', '(x)+$.txt')).toBe(true);
    expect(matches('\\*.md', '*.md')).toBe(true);
    expect(matches('\\*.md', 'a.md')).toBe(false);
  });
});

describe('splitStaticPrefix', () => {
  it('splits off the folders without wildcards', () => {
    expect(splitStaticPrefix('src/app/**/*.ts')).toEqual({ prefix: 'src/app', rest: '**/*.ts' });
    expect(splitStaticPrefix('**/*.ts')).toEqual({ prefix: '', rest: '**/*.ts' });
    expect(splitStaticPrefix('src/a.ts')).toEqual({ prefix: 'src', rest: 'a.ts' });
    expect(splitStaticPrefix('{a,b}/c')).toEqual({ prefix: '', rest: '{a,b}/c' });
  });
});
