/** How much of a file's start decides whether it is text: git and grep look at as much. */
export const SNIFF_BYTES = 8192;

interface Signature {
  kind: string;
  matches: (b: Uint8Array) => boolean;
  /** Width and height, for images whose header holds them. */
  dimensions?: (b: Uint8Array) => [number, number] | null;
  /** Printable letters ("OTTO", "ID3", "RIFF") that also start ordinary text: they name the file only when the rest is not text. */
  wordLike?: true;
}

function startsWith(b: Uint8Array, bytes: readonly number[] | string, at = 0): boolean {
  const want = typeof bytes === 'string' ? Array.from(bytes, (c) => c.charCodeAt(0)) : bytes;
  if (b.length < at + want.length) return false;
  return want.every((byte, i) => b[at + i] === byte);
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

const SIGNATURES: Signature[] = [
  {
    kind: 'PNG image',
    matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    dimensions: (b) => (b.length >= 24 && startsWith(b, 'IHDR', 12) ? [view(b).getUint32(16), view(b).getUint32(20)] : null),
  },
  { kind: 'JPEG image', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  {
    kind: 'GIF image',
    matches: (b) => startsWith(b, 'GIF87a') || startsWith(b, 'GIF89a'),
    dimensions: (b) => (b.length >= 10 ? [view(b).getUint16(6, true), view(b).getUint16(8, true)] : null),
  },
  { kind: 'WebP image', matches: (b) => startsWith(b, 'RIFF') && startsWith(b, 'WEBP', 8) },
  { kind: 'TIFF image', matches: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]) },
  { kind: 'ICO icon', matches: (b) => startsWith(b, [0x00, 0x00, 0x01, 0x00]) },
  { kind: 'Photoshop image', wordLike: true, matches: (b) => startsWith(b, '8BPS') },
  { kind: 'PDF document', matches: (b) => startsWith(b, '%PDF-') },
  { kind: 'ZIP archive (or a docx, xlsx, jar)', matches: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06]) },
  { kind: 'gzip archive', matches: (b) => startsWith(b, [0x1f, 0x8b]) },
  { kind: 'bzip2 archive', wordLike: true, matches: (b) => startsWith(b, 'BZh') && b[3] >= 0x31 && b[3] <= 0x39 },
  { kind: 'xz archive', matches: (b) => startsWith(b, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) },
  { kind: 'zstd archive', matches: (b) => startsWith(b, [0x28, 0xb5, 0x2f, 0xfd]) },
  { kind: '7-Zip archive', matches: (b) => startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) },
  { kind: 'tar archive', wordLike: true, matches: (b) => startsWith(b, 'ustar', 257) },
  { kind: 'ELF executable', matches: (b) => startsWith(b, [0x7f, 0x45, 0x4c, 0x46]) },
  { kind: 'WebAssembly module', matches: (b) => startsWith(b, [0x00, 0x61, 0x73, 0x6d]) },
  { kind: 'Java class or Mach-O universal binary', matches: (b) => startsWith(b, [0xca, 0xfe, 0xba, 0xbe]) },
  { kind: 'Mach-O executable', matches: (b) => [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe]].some((s) => startsWith(b, s)) },
  { kind: 'SQLite database', matches: (b) => startsWith(b, 'SQLite format 3\0') },
  { kind: 'font', wordLike: true, matches: (b) => ['wOFF', 'wOF2', 'OTTO'].some((s) => startsWith(b, s)) || startsWith(b, [0x00, 0x01, 0x00, 0x00]) },
  { kind: 'MP3 audio', wordLike: true, matches: (b) => startsWith(b, 'ID3') || startsWith(b, [0xff, 0xfb]) },
  { kind: 'WAV audio', matches: (b) => startsWith(b, 'RIFF') && startsWith(b, 'WAVE', 8) },
  { kind: 'Ogg media', wordLike: true, matches: (b) => startsWith(b, 'OggS') },
  { kind: 'FLAC audio', wordLike: true, matches: (b) => startsWith(b, 'fLaC') },
  { kind: 'MP4/QuickTime video', wordLike: true, matches: (b) => startsWith(b, 'ftyp', 4) },
  { kind: 'UTF-16 text (convert it with `iconv -f UTF-16 -t UTF-8` to read it)', matches: (b) => startsWith(b, [0xff, 0xfe]) || startsWith(b, [0xfe, 0xff]) },
];

/** Above this share of control bytes or invalid UTF-8 in the start, a file is not text... */
const MAX_NOISE_RATIO = 0.1;
/** ...unless they are this few: a bell or a stray Latin-1 letter in a short file is still text. */
const MIN_NOISE_BYTES = 8;

function isNoise(byte: number): boolean {
  // Tab, newline, vertical tab, form feed, carriage return, backspace and escape occur in text.
  return (byte < 0x20 && ![0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b].includes(byte)) || byte === 0x7f;
}

function looksBinary(start: Uint8Array): boolean {
  if (start.includes(0)) return true;
  const invalid = (new TextDecoder().decode(start, { stream: true }).match(/\uFFFD/g) ?? []).length;
  const noise = start.reduce((n, byte) => n + (isNoise(byte) ? 1 : 0), 0);
  return invalid + noise > Math.max(MIN_NOISE_BYTES, start.length * MAX_NOISE_RATIO);
}

/**
 * What a file is, from its first bytes, when it is not text to show: "PNG image, 800x600",
 * "binary file". Null for text. A known signature wins; else a NUL byte, or much that is
 * neither text nor UTF-8, marks it binary.
 */
export function describeBinary(start: Uint8Array): string | null {
  const head = start.subarray(0, SNIFF_BYTES);
  const signature = SIGNATURES.find((s) => s.matches(head) && (!s.wordLike || looksBinary(head)));
  if (signature) {
    const size = signature.dimensions?.(head);
    return size ? `${signature.kind}, ${size[0]}x${size[1]}` : signature.kind;
  }
  return looksBinary(head) ? 'binary file' : null;
}
