// Tool output differs between two runs of the same thing only in incidental detail: timings,
// temp directories, ids. Replacing those with placeholders lets equal failures (and equal
// results) compare equal. Positions (`file:line`, `line N`) are kept: an error that moved after
// an edit is a new error, not the same one again.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const OMITTED_MARKER = /^\[\.\.\. \d+ (?:lines|characters) omitted \.\.\.\]$/;

const REPLACEMENTS: [RegExp, string][] = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, '<time>'],
  // Only the temp root and its first segment (a per-run directory): the rest names the file.
  [/(?<![\w./-])(?:\/private)?\/var\/folders\/[^/\s]+\/[^/\s]+\/T(?:\/[^/\s:'"()]+)?/g, '<tmp>'],
  [/(?<![\w./-])(?:\/private)?\/(?:var\/)?tmp(?![\w.-])(?:\/[^/\s:'"()]+)?/g, '<tmp>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, '<hex>'],
  [/\bpid\s+\d+/gi, 'pid <n>'],
  [/\b\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?)\b/gi, '<duration>'],
  [/\b\d{10,}\b/g, '<n>'],
];

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export function normaliseLine(line: string): string {
  const replaced = REPLACEMENTS.reduce((acc, [pattern, placeholder]) => acc.replace(pattern, placeholder), line);
  return replaced.replace(/\s+/g, ' ').trim();
}

/** The output's non-empty lines, normalised, without the capture's "omitted" markers. */
export function normaliseOutput(text: string): string[] {
  return stripAnsi(text)
    .split(/\r?\n|\r/)
    .map(normaliseLine)
    .filter((line) => line.length > 0 && !OMITTED_MARKER.test(line));
}
