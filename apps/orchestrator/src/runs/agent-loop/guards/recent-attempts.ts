import { blocksOf, HistoryMessage, isToolResult, isToolUse, textOf } from '../context/history';
import { describeToolCall } from '../tool-summary';
import { bashSections, errorLines } from './error-signature';
import { capText } from './retry-budget';
import { normaliseOutput } from './normalise-output';

export interface Attempt {
  tool: string;
  summary: string;
  error: string;
}

/**
 * What a call that worked printed, in one line: for a command, the last line of its output (where
 * a result or summary is printed), never the exit code the result opens with.
 */
function successLine(output: string): string {
  const sections = bashSections(output);
  if (!sections) return normaliseOutput(output)[0] ?? 'no output';
  return normaliseOutput(sections.stdout).at(-1) ?? normaliseOutput(sections.stderr).at(-1) ?? 'it printed nothing';
}

/** The last tool calls in plain words with how each ended: what the founder is shown when asked. */
export function recentAttempts(history: readonly HistoryMessage[], count = 3): Attempt[] {
  const results = new Map(history.flatMap((m) => blocksOf(m).filter(isToolResult).map((r) => [r.tool_use_id, r] as const)));
  return history
    .flatMap((m) => (m.role === 'assistant' ? blocksOf(m).filter(isToolUse) : []))
    .slice(-count)
    .map((use) => {
      const result = results.get(use.id);
      const output = textOf(result?.content);
      return {
        tool: use.name,
        summary: describeToolCall(use.name, (use.input ?? {}) as Record<string, unknown>),
        error: result?.is_error ? capText(errorLines(output).join(' · ')) : capText(`No error: ${successLine(output)}`),
      };
    });
}
