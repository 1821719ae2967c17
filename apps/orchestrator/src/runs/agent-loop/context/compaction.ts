import { HistoryMessage, recentTurnsWithin, textOf, toolResultsOf, toolUsesOf } from './history';
import { calibratedEstimate, estimateTokens, promptChars } from './token-estimate';
import { cutToJsonChars, fitTranscript, transcriptEntries } from './transcript';

export interface CompactionRequestOptions {
  /** The run's goal as the founder wrote it. */
  goal: string;
  /** What the request may take of the window, leaving room for the note it asks for. */
  maxRequestTokens: number;
  /** From calibrate; 1 until the model has reported usage. */
  ratio?: number;
}

/** The body of the summarisation call, less model and limits; it is sent without tools. */
export interface CompactionRequest {
  system: string;
  messages: HistoryMessage[];
}

export interface CompactedHistory {
  history: HistoryMessage[];
  /** Index in the history given where the part kept verbatim starts. */
  fromIndex: number;
  /** The note as it stands in the new history: persist it to rebuild the first message. */
  note: string;
}

export type FileAction = 'written' | 'edited' | 'read';

export interface FileTouched {
  path: string;
  actions: FileAction[];
}

const PROGRESS_HEADING = '\n\n---\nProgress so far (a summary of earlier work):\n';

const SYSTEM = [
  'You write progress notes for an autonomous coding agent whose conversation has grown too long.',
  'The agent will carry on from your note and its latest few turns alone, so be specific: paths,',
  'commands, error messages, names. Use only what the transcript shows; never invent.',
].join(' ');

const INSTRUCTION = `Write the progress note now. Keep, in short sections:
- Goal: the goal, and how far the work has come towards it.
- Decisions: what was decided, and why.
- Files: the files created, edited and read, with their paths.
- Commands: the commands that matter and their outcome.
- Open problems: what is failing or unresolved.
- Next step: what to do next.
Plain text, no preamble. If an earlier progress note is given, fold it in: nothing in it may be lost.`;

/**
 * The goal first: the simulator, and a reader, find the goal (and its scenario tag) at the start
 * of the request.
 */
function requestText(goal: string, transcript: string): string {
  return `<goal>\n${goal}\n</goal>\n\n<transcript>\n${transcript}\n</transcript>\n\n${INSTRUCTION}`;
}

function request(goal: string, transcript: string): CompactionRequest {
  return { system: SYSTEM, messages: [{ role: 'user', content: requestText(goal, transcript) }] };
}

/** The message that opens a compacted history; rebuild it from the persisted note each turn. */
export function progressNoteMessage(goal: string, note: string): HistoryMessage {
  return { role: 'user', content: `${goal}${PROGRESS_HEADING}${note}` };
}

/** Undoes progressNoteMessage, so compacting again neither nests notes nor loses the goal. */
function splitProgressNote(text: string): { goal: string; note?: string } {
  const at = text.indexOf(PROGRESS_HEADING);
  return at < 0 ? { goal: text } : { goal: text.slice(0, at), note: text.slice(at + PROGRESS_HEADING.length) };
}

/** The first message shown as an earlier note, or as the founder's words beyond the goal. */
function openingEntries(history: readonly HistoryMessage[], goal: string): string[] {
  if (history.length === 0) return [];
  const { goal: opening, note } = splitProgressNote(textOf(history[0].content));
  if (note !== undefined) return [`Earlier progress note: ${note}`];
  return opening.trim() === goal.trim() ? [] : transcriptEntries(history.slice(0, 1));
}

/**
 * The summarisation call for a history that no longer fits. The transcript is the history
 * shortened to what a note needs; when even that is over maxRequestTokens, its beginning (the
 * earlier note) and its latest part are kept and the middle is left out.
 */
export function compactionRequest(history: readonly HistoryMessage[], options: CompactionRequestOptions): CompactionRequest {
  const { maxRequestTokens, ratio = 1 } = options;
  const maxChars = Math.floor(maxRequestTokens / ratio) * 4;
  const goal = cutToJsonChars(options.goal, Math.floor(maxChars / 4));
  const head = openingEntries(history, goal);
  const entries = [...head, ...transcriptEntries(history.slice(1))];
  // The float division above can land a character or two high; step down until it fits.
  for (let room = maxChars - promptChars(request(goal, '')); room >= 0; room -= 16) {
    const candidate = request(goal, fitTranscript(entries, head.length, room));
    if (calibratedEstimate(estimateTokens(candidate), ratio) <= maxRequestTokens) return candidate;
  }
  throw new RangeError(`a compaction request cannot fit in ${maxRequestTokens} tokens`);
}

export interface KeptVerbatim {
  /** What the turns kept verbatim may take, in tokens; the newest turn is kept whatever its size. */
  maxTokens: number;
  /** From calibrate; 1 until the model has reported usage. */
  ratio?: number;
}

/**
 * The history after compaction: the goal with the progress note, then the newest turns that
 * fit `kept.maxTokens` verbatim. They start at an assistant message, so the roles still
 * alternate and every tool_use keeps its tool_result.
 */
export function compactedHistory(history: readonly HistoryMessage[], note: string, kept: KeptVerbatim): CompactedHistory {
  const fromIndex = Math.max(1, recentTurnsWithin(history, kept.maxTokens, kept.ratio));
  const { goal } = splitProgressNote(history.length > 0 ? textOf(history[0].content) : '');
  const fullNote = progressNote(history, note);
  return { history: [progressNoteMessage(goal, fullNote), ...history.slice(fromIndex)], fromIndex, note: fullNote };
}

/** The note as it will open the history: the summary, with the files the history touched if it forgot any. */
export function progressNote(history: readonly HistoryMessage[], summary: string): string {
  return withFilesTouched(summary, filesTouched(history));
}

const FILE_ACTIONS = new Map<string, FileAction>([
  ['write', 'written'],
  ['edit', 'edited'],
  ['read', 'read'],
]);

/** The files the agent wrote, edited or read, first touched first; failed calls touched nothing. */
export function filesTouched(history: readonly HistoryMessage[]): FileTouched[] {
  const failed = new Set(history.flatMap(toolResultsOf).filter((r) => r.is_error).map((r) => r.tool_use_id));
  const files = new Map<string, FileAction[]>();
  for (const use of history.flatMap(toolUsesOf)) {
    const action = FILE_ACTIONS.get(use.name);
    const path = (use.input as { path?: unknown } | null)?.path;
    if (action === undefined || typeof path !== 'string' || failed.has(use.id)) continue;
    const actions = files.get(path) ?? [];
    if (!actions.includes(action)) actions.push(action);
    files.set(path, actions);
  }
  return [...files].map(([path, actions]) => ({ path, actions }));
}

/** A summary that forgets a file sends the agent looking for it again; the tool calls do not forget. */
function withFilesTouched(note: string, files: readonly FileTouched[]): string {
  if (files.every((f) => note.includes(f.path))) return note;
  return `${note.trimEnd()}\n\nFiles touched: ${files.map((f) => `${f.path} (${f.actions.join(', ')})`).join('; ')}`;
}
