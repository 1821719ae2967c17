import { HistoryBlock, HistoryMessage, isText, isToolResult, ToolResultBlock, toolResultsOf } from './history';
import { cutToJsonChars, jsonChars } from './transcript';

/** No one tool result takes more than this share of the window. */
export const RESULT_SHARE = 1 / 8;
/**
 * Nor do one turn's results together take more than this: the newest turn is always kept
 * verbatim after a compaction, and must fit the part of the window kept for it.
 */
export const TURN_RESULTS_SHARE = 1 / 4;
/** Room for the JSON around a result's text (quotes, keys), so the cut text fits its share with it. */
const JSON_MARGIN_CHARS = 64;
const STDOUT = '\nstdout:\n';
const STDERR = '\nstderr:\n';

/**
 * The history with every tool result cut to its share of `window`, head and tail kept (a bash
 * result's stdout and stderr each on its own). Cut here, as the request is built, rather than
 * by the executor or before storing: the window that decides the share may be learned only
 * later (a refusal states it), and then results already stored must fit it too; and it bounds
 * every tool, not only bash. The same window gives the same cut, so the cached prefix holds.
 * Messages before `from` are left as they are: the caller sends them cleared (the watermark), and
 * cutting each of them on every turn would cost more than the rest of the plan. The input is not
 * modified.
 */
export function capToolResults(history: readonly HistoryMessage[], window: number, from = 0): HistoryMessage[] {
  return history.map((message, i) => {
    const results = toolResultsOf(message).length;
    if (i < from || message.role !== 'user' || results === 0) return message;
    const maxTokens = Math.min(RESULT_SHARE * window, (TURN_RESULTS_SHARE * window) / results);
    const maxChars = Math.max(0, Math.floor(maxTokens) * 4 - JSON_MARGIN_CHARS);
    const content = (message.content as readonly HistoryBlock[]).map((b) => (isToolResult(b) ? capResult(b, maxChars) : b));
    return { ...message, content };
  });
}

function capResult(result: ToolResultBlock, maxChars: number): ToolResultBlock {
  const { content } = result;
  if (content === undefined) return result;
  // A JSON string is never shorter than its text: a longer text is cut without counting its escapes.
  if (typeof content === 'string') return content.length <= maxChars && jsonChars(content) <= maxChars ? result : { ...result, content: capText(content, maxChars) };
  const texts = content.filter(isText).length;
  const cut = content.map((b) => (isText(b) ? { ...b, text: cutToJsonChars(b.text, Math.floor(maxChars / texts)) } : b));
  return { ...result, content: cut };
}

/** A bash result's streams are cut on their own: a long stdout must not crowd out the stderr that says what failed. */
function capText(text: string, maxChars: number): string {
  const outAt = text.indexOf(STDOUT);
  const errAt = text.lastIndexOf(STDERR);
  if (outAt < 0 || errAt < outAt + STDOUT.length - 1) return cutToJsonChars(text, maxChars);
  const header = text.slice(0, outAt + STDOUT.length);
  const [out, err] = [text.slice(outAt + STDOUT.length, errAt), text.slice(errAt + STDERR.length)];
  const room = maxChars - jsonChars(header) - jsonChars(STDERR);
  const [outChars, errChars] = [jsonChars(out), jsonChars(err)];
  const half = Math.floor(room / 2);
  const errRoom = errChars <= half ? errChars : outChars <= half ? room - outChars : half;
  return `${header}${cutToJsonChars(out, room - errRoom)}${STDERR}${cutToJsonChars(err, errRoom)}`;
}
