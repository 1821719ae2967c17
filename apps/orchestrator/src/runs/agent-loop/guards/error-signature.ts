import { canonicalJson, sha256 } from './tool-call-hash';
import { normaliseOutput } from './normalise-output';

export const ERROR_SIGNATURE_LINES = 5;
/** The first positions an error names: where it happened, and the frame or two above. */
export const ERROR_SIGNATURE_LOCATIONS = 3;
const LOCATION_SCAN_CHARS = 300;

// The bash tool's result shape: `exit code: N...\nstdout:\n...\nstderr:\n...`.
const BASH_SECTIONS = /^exit code: [^\n]*\nstdout:\n([\s\S]*)\nstderr:\n([\s\S]*)$/;
// Lines that say what went wrong, wherever a tool prints them: test runners report on stdout.
const ERRORISH = /error|fail|exception|cannot|can't|could not|not found|no such|denied|refused|invalid|missing|expected|received|assert|✖|✗|not ok/i;
// What a package manager prints around every failing script: the same whatever failed.
const WRAPPER = /^(?:npm (?:error|ERR!|warn)|yarn (?:error|run)|error Command failed|info Visit|ELIFECYCLE|pnpm: )/i;
// A position in a file as compilers, runtimes and test runners print it: `a.js:7:3`, `a.ts(4,9)`, `File "a.py", line 4`.
const LOCATION = /[\w./<>@-]*\.[A-Za-z]\w*(?::\d+(?::\d+)?|\(\d+,\s?\d+\))|File "[^"]+", line \d+/g;

/** A bash result's stdout and stderr; null for another tool's output. */
export function bashSections(output: string): { stdout: string; stderr: string } | null {
  const sections = BASH_SECTIONS.exec(output);
  return sections ? { stdout: sections[1], stderr: sections[2] } : null;
}

/**
 * The lines that identify a failure: the last few lines that read like an error, from stdout
 * and stderr, less the package manager's wrapper; else the last lines of stderr, else of the
 * whole output. An error's cause is usually printed last.
 */
export function errorLines(output: string): string[] {
  const sections = bashSections(output);
  if (!sections) return normaliseOutput(output).slice(-ERROR_SIGNATURE_LINES);
  const stdout = normaliseOutput(sections.stdout).filter((l) => !WRAPPER.test(l));
  const stderr = normaliseOutput(sections.stderr).filter((l) => !WRAPPER.test(l));
  const errorish = [...stdout, ...stderr].filter((l) => ERRORISH.test(l));
  const lines = errorish.length > 0 ? errorish : stderr.length > 0 ? stderr : stdout;
  return lines.slice(-ERROR_SIGNATURE_LINES);
}

/** The first distinct file positions the output names, stderr first: a message line often leaves them out. */
export function errorLocations(output: string): string[] {
  const sections = bashSections(output);
  const text = sections ? `${sections.stderr}\n${sections.stdout}` : output;
  const found = new Set<string>();
  for (const line of normaliseOutput(text)) {
    // A position is printed near a line's start; a minified line is not read to its end.
    for (const [location] of line.slice(0, LOCATION_SCAN_CHARS).matchAll(LOCATION)) {
      found.add(location);
      if (found.size === ERROR_SIGNATURE_LOCATIONS) return [...found];
    }
  }
  return [...found];
}

/**
 * The same failure gives the same signature across retries, whatever its timings or paths;
 * the same message at a new position (the line moved after an edit) is a new failure.
 * A failure that says nothing (grep finding nothing, `test -f`) is told apart by its input:
 * otherwise every silent failure of a run would count as one error.
 */
export function errorSignature(tool: string, output: string, exitCode?: number, inputHash?: string): string {
  const lines = errorLines(output);
  return sha256(canonicalJson([tool, exitCode ?? null, lines, errorLocations(output), lines.length === 0 ? inputHash ?? null : null]));
}
