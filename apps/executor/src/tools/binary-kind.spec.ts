import { describeBinary } from './binary-kind';

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('describeBinary', () => {
  it('names images, with their size when the header holds it', () => {
    const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR', [0, 0, 0, 64, 0, 0, 0, 32], [8, 6, 0, 0, 0]);
    expect(describeBinary(png)).toBe('PNG image, 64x32');
    expect(describeBinary(bytes('GIF89a', [0x20, 0x03, 0x58, 0x02], [0xf7]))).toBe('GIF image, 800x600');
    expect(describeBinary(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'))).toBe('JPEG image');
    expect(describeBinary(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('WebP image');
  });

  it('names archives, executables and documents, even with no NUL byte in their start', () => {
    expect(describeBinary(bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'))).toBe('PDF document');
    expect(describeBinary(bytes([0x1f, 0x8b, 0x08]))).toBe('gzip archive');
    expect(describeBinary(bytes([0x7f], 'ELF', [2, 1, 1]))).toBe('ELF executable');
    expect(describeBinary(bytes('PK', [3, 4, 20]))).toBe('ZIP archive (or a docx, xlsx, jar)');
    expect(describeBinary(bytes('SQLite format 3', [0]))).toBe('SQLite database');
  });

  it('calls a file binary for a NUL byte, or for much that is neither text nor UTF-8', () => {
    expect(describeBinary(bytes('abc', [0], 'def'))).toBe('binary file');
    expect(describeBinary(Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 37) % 256).filter((b) => b !== 0)))).toBe('binary file');
  });

  it('leaves text that happens to start like a media file alone', () => {
    for (const start of ['OTTO said hello\n', 'ID3 tags are read here\n', 'RIFF notes\n', 'OggS and FLAC\n', 'fLaC is a format\n', '8BPS layers\n']) {
      expect({ start, kind: describeBinary(Buffer.from(start)) }).toEqual({ start, kind: null });
    }
  });

  it('leaves text alone: UTF-8, a little Latin-1, colour codes, an empty file', () => {
    expect(describeBinary(Buffer.from('const é = "ü";\n\tok\r\n\x1b[31mred\x1b[0m\n'))).toBeNull();
    expect(describeBinary(bytes(`${'plain words '.repeat(20)}caf\xe9\n`))).toBeNull();
    expect(describeBinary(Buffer.alloc(0))).toBeNull();
  });
});
