import { canonicalJson, sha256 } from './tool-call-hash';
import { normaliseOutput } from './normalise-output';

export const ERROR_SIGNATURE_LINES = 5;

// The bash tool's result shape: `exit code: N...\nstdout:\n...\nstderr:\n...`.
const BASH_SECTIONS = /^exit code: [^\n]*\nstdout:\n([\s\S]*)\nstderr:\n([\s\S]*)$/;
// Lines that say what went wrong, wherever a tool prints them: test runners report on stdout.
const ERRORISH = /error|fail|exception|cannot|can't|could not|not found|no such|denied|refused|invalid|missing|expected|received|assert|✖|✗|not ok/i;
// What a package manager prints around every failing script: the same whatever failed.
const WRAPPER = /^(?:npm (?:error|ERR!|warn)|yarn (?:error|run)|error Command failed|info Visit|ELIFECYCLE|pnpm: )/i;

/**
 * The lines that identify a failure: the last few lines that read like an error, from stdout
 * and stderr, less the package manager's wrapper; else the last lines of stderr, else of the
 * whole output. An error's cause is usually printed last.
 */
export function errorLines(output: string): string[] {
  const sections = BASH_SECTIONS.exec(output);
  if (!sections) return normaliseOutput(output).slice(-ERROR_SIGNATURE_LINES);
  const stdout = normaliseOutput(sections[1]).filter((l) => !WRAPPER.test(l));
  const stderr = normaliseOutput(sections[2]).filter((l) => !WRAPPER.test(l));
  const errorish = [...stdout, ...stderr].filter((l) => ERRORISH.test(l));
  const lines = errorish.length > 0 ? errorish : stderr.length > 0 ? stderr : stdout;
  return lines.slice(-ERROR_SIGNATURE_LINES);
}

/**
 * The same failure gives the same signature across retries, whatever its timings or paths.
 * A failure that says nothing (grep finding nothing, `test -f`) is told apart by its input:
 * otherwise every silent failure of a run would count as one error.
 */
export function errorSignature(tool: string, output: string, exitCode?: number, inputHash?: string): string {
  const lines = errorLines(output);
  return sha256(canonicalJson([tool, exitCode ?? null, lines, lines.length === 0 ? inputHash ?? null : null]));
}
