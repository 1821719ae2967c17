import { canonicalJson, sha256 } from './tool-call-hash';
import { normaliseOutput } from './normalise-output';

export const ERROR_SIGNATURE_LINES = 5;

// The bash tool's result shape: `exit code: N...\nstdout:\n...\nstderr:\n...`.
const BASH_SECTIONS = /^exit code: [^\n]*\nstdout:\n([\s\S]*)\nstderr:\n([\s\S]*)$/;

/**
 * The lines that identify a failure: the last few meaningful lines of stderr when there is
 * any, else of the whole output; an error's cause is usually printed last.
 */
export function errorLines(output: string): string[] {
  const sections = BASH_SECTIONS.exec(output);
  const stderr = sections ? normaliseOutput(sections[2]) : [];
  const lines = stderr.length > 0 ? stderr : normaliseOutput(sections ? sections[1] : output);
  return lines.slice(-ERROR_SIGNATURE_LINES);
}

/** The same failure gives the same signature across retries, whatever its timings or paths. */
export function errorSignature(tool: string, output: string, exitCode?: number): string {
  return sha256(canonicalJson([tool, exitCode ?? null, errorLines(output)]));
}
