/**
 * Bits of a command shown to a founder (a file name, a search, at worst the command itself):
 * secrets masked before anything is cut, so that a cut never leaves half a secret that the
 * event stream's redactor would no longer recognise.
 */
const HIDDEN = '[REDACTED]';

const MASKS: [RegExp, string][] = [
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, `$1${HIDDEN}@`], // https://user:token@host
  [/\b(Bearer|Basic|token)(\s+)\S+/gi, `$1$2${HIDDEN}`], // Authorization headers
  [/((?:^|\s)--?[\w-]*(?:password|passwd|token|secret|api-?key|auth)[\w-]*)(\s+)(?!-)\S+/gi, `$1$2${HIDDEN}`], // --token VALUE
  [/([\w.-]*(?:secret|token|key|passw(?:or)?d|pwd|auth|credential)[\w.-]*)([=:])(?![=:])[^\s&'"]+/gi, `$1$2${HIDDEN}`], // NAME=value
  [/-----BEGIN[\s\S]*?(?:-----END[^-]*-----|$)/g, HIDDEN],
  // Providers' tokens, whose shape gives them away even when short.
  [/\b(?:sk-(?:ant-|proj-)?[\w-]{10,}|(?:sk|rk|pk)_(?:live|test)_\w{10,}|whsec_\w{10,}|(?:AKIA|ASIA)[A-Z0-9]{16}|gh[pousr]_\w{20,}|github_pat_\w{20,}|xox[abprs]-[\w-]{10,}|eyJ[\w-]{10,}\.[\w-]+\.[\w-]*)/g, HIDDEN],
];

// One unbroken run of letters and digits, long and mixed: an API key or a token, not a name.
const OPAQUE = /[A-Za-z0-9_+=-]{20,}/g;
const looksOpaque = (s: string) => (s.match(/\d/g)?.length ?? 0) >= 3 && (s.match(/[A-Za-z]/g)?.length ?? 0) >= 3;

function maskSecrets(text: string): string {
  const masked = MASKS.reduce((t, [pattern, by]) => t.replace(pattern, by), text);
  return masked.replace(OPAQUE, (run) => (looksOpaque(run) ? HIDDEN : run));
}

/** The first line, masked, cut at a word boundary when it is longer than `max`. */
export function shorten(text: string, max = 60): string {
  // Masking a long line costs more than a founder will read of it; far past the cut is enough.
  const line = maskSecrets(text.split('\n', 1)[0].trim().slice(0, max * 8));
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A path, masked; a long one keeps its end, where the file's name is. */
export function showPath(path: string, max = 50): string {
  const masked = maskSecrets(path);
  return masked.length <= max ? masked : `…${masked.slice(masked.length - max + 1)}`;
}

/** "a.ts", "a.ts and b.ts", "a.ts and 3 more files". */
export function showPaths(paths: string[]): string {
  if (paths.length <= 2) return paths.map((p) => showPath(p)).join(' and ');
  return `${showPath(paths[0])} and ${paths.length - 1} more files`;
}
