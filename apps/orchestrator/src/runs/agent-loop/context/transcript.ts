import { HistoryBlock, HistoryMessage, isText, isToolResult, isToolUse, textOf, toolUsesOf } from './history';

/** Enough of a result to tell what happened; the note is about outcomes, not output. */
export const RESULT_CHARS = 300;
const INPUT_CHARS = 200;
const TEXT_CHARS = 2_000;
const THINKING_BLOCKS = new Set(['thinking', 'redacted_thinking']);

/** The characters a string takes inside a JSON string literal, which is what the model is billed for. */
export function jsonChars(text: string): number {
  return JSON.stringify(text).length - 2;
}

/** Keeps the head and the tail: a command's verdict is often at the end (exit status, stderr). */
export function cutMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = (cut: number) => ` […${cut} chars cut…] `;
  const room = Math.max(0, max - marker(text.length).length);
  const headLength = Math.ceil((room * 2) / 3);
  const head = text.slice(0, headLength).replace(/[\uD800-\uDBFF]$/, '');
  const tail = text.slice(text.length - (room - headLength)).replace(/^[\uDC00-\uDFFF]/, '');
  // A surrogate pair split by the cut would leave half of it, which JSON escapes as six characters.
  return `${head}${marker(text.length - head.length - tail.length)}${tail}`;
}

/** The longest middle cut that takes at most `max` JSON characters; empty if not even the marker fits. */
export function cutToJsonChars(text: string, max: number): string {
  const full = jsonChars(text);
  if (full <= max) return text;
  // Escapes are spread alike through most text (a tool's output): scale the raw limit by them and
  // step down by what is still over. A few tries, instead of a search over a 30,000-character
  // result on every turn.
  for (let limit = Math.floor((max * text.length) / full), tries = 0; limit > 0 && tries < 4; tries++) {
    const cut = cutMiddle(text, limit);
    const over = jsonChars(cut) - max;
    if (over <= 0) return cut;
    limit -= over;
  }
  let best = '';
  // Escapes make the JSON length uneven in the raw length, so search for the raw limit.
  for (let low = 0, high = Math.min(max, text.length); low <= high; ) {
    const limit = Math.floor((low + high) / 2);
    const cut = cutMiddle(text, limit);
    if (jsonChars(cut) <= max) [best, low] = [cut, limit + 1];
    else high = limit - 1;
  }
  return best;
}

function indent(text: string): string {
  return text.replace(/\n/g, '\n  ');
}

function renderBlock(block: HistoryBlock, speaker: string, toolNames: ReadonlyMap<string, string>): string {
  if (isText(block)) return `${speaker}: ${indent(cutMiddle(block.text, TEXT_CHARS))}`;
  if (isToolUse(block)) return `→ ${block.name}(${cutMiddle(JSON.stringify(block.input) ?? '', INPUT_CHARS)})`;
  if (isToolResult(block)) {
    const tool = toolNames.get(block.tool_use_id) ?? 'tool';
    return `← ${tool}${block.is_error ? ' (error)' : ''}: ${indent(cutMiddle(textOf(block.content), RESULT_CHARS))}`;
  }
  return `${speaker}: [${block.type}]`;
}

/** The history as readable lines, one per text, tool call and tool result, oldest first. */
export function transcriptEntries(history: readonly HistoryMessage[]): string[] {
  const toolNames = new Map(history.flatMap((m) => toolUsesOf(m).map((b) => [b.id, b.name] as const)));
  return history.flatMap((message) => {
    const speaker = message.role === 'assistant' ? 'Agent' : 'User';
    if (typeof message.content === 'string') return [`${speaker}: ${indent(cutMiddle(message.content, TEXT_CHARS))}`];
    // Thinking is the model's scratchpad, not what the agent said or did: a note must not quote it as either.
    return message.content.filter((block) => !THINKING_BLOCKS.has(block.type)).map((block) => renderBlock(block, speaker, toolNames));
  });
}

/**
 * Joins the entries into at most `maxChars` JSON characters. When they do not fit, the first
 * `headCount` entries (what the run is about) and as many of the latest as fit are kept, and a
 * marker says how many in between were left out.
 */
export function fitTranscript(entries: readonly string[], headCount: number, maxChars: number): string {
  const SEPARATOR = 2; // "\n" inside a JSON string
  const total = entries.reduce((sum, e) => sum + jsonChars(e) + SEPARATOR, -SEPARATOR);
  if (total <= maxChars) return entries.join('\n');

  const marker = (n: number) => `[… ${n} entries from the middle of the work left out to fit …]`;
  let room = maxChars - jsonChars(marker(entries.length)) - SEPARATOR;
  const head = entries.slice(0, headCount).map((e) => cutToJsonChars(e, Math.floor(room / 2 / Math.max(1, headCount)) - SEPARATOR));
  room -= head.reduce((sum, e) => sum + jsonChars(e) + SEPARATOR, 0);
  const tail: string[] = [];
  for (let i = entries.length - 1; i >= headCount; i--) {
    const cost = jsonChars(entries[i]) + SEPARATOR;
    if (cost > room) break;
    room -= cost;
    tail.unshift(entries[i]);
  }
  return [...head, marker(entries.length - headCount - tail.length), ...tail].join('\n');
}
