import { HistoryMessage, toolResultsOf, toolUsesOf } from './history';

/**
 * The pairing the Messages API insists on: each tool_result answers a tool_use of the assistant
 * message just before it, and each tool_use is answered in the user message just after it. The
 * last assistant message may still wait for its results. Returns the problems; empty means ok.
 */
export function assertNoOrphans(history: readonly HistoryMessage[]): string[] {
  const problems: string[] = [];
  history.forEach((message, i) => {
    if (message.role === 'user') {
      const previous = history[i - 1];
      const asked = new Set(previous?.role === 'assistant' ? toolUsesOf(previous).map((b) => b.id) : []);
      for (const result of toolResultsOf(message)) {
        if (!asked.has(result.tool_use_id)) {
          problems.push(`message ${i}: tool_result ${result.tool_use_id} answers no tool_use in the message before it`);
        }
      }
      return;
    }
    const next = history[i + 1];
    if (next === undefined) return;
    const answered = new Set(next.role === 'user' ? toolResultsOf(next).map((b) => b.tool_use_id) : []);
    for (const use of toolUsesOf(message)) {
      if (!answered.has(use.id)) problems.push(`message ${i}: tool_use ${use.id} (${use.name}) is not answered in the next message`);
    }
  });
  return problems;
}

/** What a request needs beyond the pairing: it opens with the founder's side. */
export function assertWellFormed(history: readonly HistoryMessage[]): string[] {
  const start = history.length === 0 ? ['the history is empty'] : history[0].role !== 'user' ? ['the history must start with a user message'] : [];
  return [...start, ...assertNoOrphans(history)];
}
