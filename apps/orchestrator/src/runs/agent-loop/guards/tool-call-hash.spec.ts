import { canonicalJson, observationHash, toolCallHash } from './tool-call-hash';

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });

  it('drops undefined properties, as JSON does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });
});

describe('toolCallHash', () => {
  it('is the same whatever the key order', () => {
    expect(toolCallHash('edit', { path: 'a.ts', old_string: 'x', new_string: 'y' }))
      .toBe(toolCallHash('edit', { new_string: 'y', old_string: 'x', path: 'a.ts' }));
  });

  it('is a sha256 hex digest', () => {
    expect(toolCallHash('ls', {})).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs by tool and by input', () => {
    const base = toolCallHash('read', { path: 'a.ts' });
    expect(toolCallHash('write', { path: 'a.ts' })).not.toBe(base);
    expect(toolCallHash('read', { path: 'b.ts' })).not.toBe(base);
    expect(toolCallHash('read', { path: 'a.ts', offset: 1 })).not.toBe(base);
  });

  it('does not confuse a tool name with its input', () => {
    expect(toolCallHash('a', 'b:c')).not.toBe(toolCallHash('a:b', 'c'));
  });
});

describe('observationHash', () => {
  it('ignores timings, temp paths and colours', () => {
    expect(observationHash('\x1b[32mok\x1b[0m in 12ms\n/tmp/run-1/out.txt written'))
      .toBe(observationHash('ok in 340ms\n/tmp/run-2/out.txt written\n'));
  });

  it('tells different results apart', () => {
    expect(observationHash('3 files')).not.toBe(observationHash('4 files'));
  });
});
