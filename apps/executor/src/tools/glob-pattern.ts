const MAGIC = /[*?[{]/;
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/;

/**
 * A glob made into an anchored RegExp over `/`-separated relative paths: `**` spans folders
 * (`a/**\/b` also matches `a/b`), `*` and `?` stay within one name, `{a,b}` (nestable) is
 * either, `[abc]` / `[!abc]` a class, `\x` a literal x. `*` matches names starting with a dot.
 */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${translate(glob)}$`);
}

function translate(glob: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\' && i + 1 < glob.length) {
      out += escapeChar(glob[++i]);
    } else if (c === '*') {
      if (glob[i + 1] !== '*') {
        out += '[^/]*';
        continue;
      }
      const atStart = i === 0 || glob[i - 1] === '/';
      let end = i + 2;
      while (glob[end] === '*') end++;
      if (atStart && glob[end] === '/') {
        out += '(?:.*/)?'; // `**/`: any number of folders, none included
        i = end;
      } else if (atStart && end === glob.length) {
        out += '.*'; // a trailing `**`: everything below
        i = end - 1;
      } else {
        out += '[^/]*'; // `a**b` is `a*b`, as in bash
        i = end - 1;
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = classEnd(glob, i);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      out += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, (m) => `\\${m}`)}]`;
      i = close;
    } else if (c === '{' && hasBraceEnd(glob, i)) {
      out += '(?:';
      depth++;
    } else if (c === '}' && depth > 0) {
      out += ')';
      depth--;
    } else if (c === ',' && depth > 0) {
      out += '|';
    } else {
      out += escapeChar(c);
    }
  }
  return out;
}

function escapeChar(c: string): string {
  return REGEX_SPECIAL.test(c) ? `\\${c}` : c;
}

/** Where a `[` class ends (its first character may be `]`); -1 when it never does. */
function classEnd(glob: string, open: number): number {
  let i = open + 1;
  if (glob[i] === '!' || glob[i] === '^') i++;
  if (glob[i] === ']') i++;
  const close = glob.indexOf(']', i);
  return close < 0 || glob.slice(open + 1, close).includes('/') ? -1 : close;
}

/** Whether the `{` at `open` has its `}`; an unmatched one is a literal. */
function hasBraceEnd(glob: string, open: number): boolean {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === '{') depth++;
    else if (glob[i] === '}' && --depth === 0) return true;
  }
  return false;
}

/** Splits off the leading folders of a glob that hold no wildcard: `src/app/**\/*.ts` → `src/app`, `**\/*.ts`. */
export function splitStaticPrefix(glob: string): { prefix: string; rest: string } {
  const parts = glob.split('/');
  let n = 0;
  while (n < parts.length - 1 && !MAGIC.test(parts[n]) && !parts[n].includes('\\')) n++;
  return { prefix: parts.slice(0, n).join('/'), rest: parts.slice(n).join('/') };
}
