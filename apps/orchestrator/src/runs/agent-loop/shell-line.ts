/**
 * Just enough of the shell's grammar to tell what a command line does: its pipelines, their
 * stages, each stage's words and file redirections. Not a shell: nothing is expanded or run.
 */
export interface Redirect {
  op: '>' | '>>' | '<';
  target: string;
}

export interface SimpleCommand {
  words: string[];
  redirects: Redirect[];
}

/** `a | b | c`: the stages in order. */
export type Pipeline = SimpleCommand[];

type Token = { kind: 'word'; text: string } | { kind: 'op'; text: string } | { kind: 'redirect'; text: string };

const OPERATORS = ['&&', '||', '|&', ';;', '|', ';', '&', '(', ')'];
const REDIRECTS = ['<<<', '<<-', '&>>', '>>', '<<', '>&', '<&', '>|', '&>', '>', '<'];
const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/;

/** A heredoc's body is data, not commands: it is dropped, its opening line kept. */
function withoutHeredocBodies(text: string): string {
  const kept: string[] = [];
  let until: string | null = null;
  for (const line of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    if (until !== null) {
      if (line.trim() === until) until = null;
      continue;
    }
    kept.push(line);
    until = HEREDOC.exec(line)?.[2] ?? null;
  }
  return kept.join('\n');
}

/** From `at` (the `(` of a `$(`, or a backtick) to the end of the substitution, kept literally. */
function substitutionEnd(text: string, at: number): number {
  if (text[at] === '`') {
    const close = text.indexOf('`', at + 1);
    return close < 0 ? text.length : close + 1;
  }
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  return text.length;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let word: string | null = null;
  const end = () => {
    if (word !== null) tokens.push({ kind: 'word', text: word });
    word = null;
  };
  for (let i = 0; i < text.length;) {
    const c = text[i];
    if (c === '\n') { end(); tokens.push({ kind: 'op', text: ';' }); i++; continue; }
    if (/\s/.test(c)) { end(); i++; continue; }
    if (c === '#' && word === null) { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 ? text.length : close;
      word = (word ?? '') + text.slice(i + 1, stop);
      i = stop + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let inner = '';
      for (; j < text.length && text[j] !== '"'; j++) inner += text[j] === '\\' && j + 1 < text.length ? text[++j] : text[j];
      word = (word ?? '') + inner;
      i = j + 1;
      continue;
    }
    if (c === '\\') { word = (word ?? '') + (text[i + 1] ?? ''); i += 2; continue; }
    if ((c === '$' && text[i + 1] === '(') || c === '`') {
      const stop = substitutionEnd(text, c === '$' ? i + 1 : i);
      word = (word ?? '') + text.slice(i, stop);
      i = stop;
      continue;
    }
    const redirect = REDIRECTS.find((r) => text.startsWith(r, i));
    if (redirect) {
      // `2>` and `2>&1`: the digits name a file descriptor, not a word.
      if (word !== null && /^\d+$/.test(word)) word = null;
      end();
      tokens.push({ kind: 'redirect', text: redirect });
      i += redirect.length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) { end(); tokens.push({ kind: 'op', text: op }); i += op.length; continue; }
    word = (word ?? '') + c;
    i++;
  }
  end();
  return tokens;
}

function fileRedirect(op: string): Redirect['op'] | null {
  if (op === '>' || op === '>|' || op === '&>') return '>';
  if (op === '>>' || op === '&>>') return '>>';
  if (op === '<') return '<';
  return null; // heredocs, here-strings and descriptor copies (`2>&1`) name no file
}

/** The pipelines of a command line, in the order they run; empty ones left out. */
export function parseCommandLine(text: string): Pipeline[] {
  const pipelines: Pipeline[] = [];
  let stages: SimpleCommand[] = [];
  let stage: SimpleCommand = { words: [], redirects: [] };
  let pending: string | null = null;
  const endStage = () => {
    if (stage.words.length || stage.redirects.length) stages.push(stage);
    stage = { words: [], redirects: [] };
  };
  const endPipeline = () => {
    endStage();
    if (stages.length) pipelines.push(stages);
    stages = [];
  };
  for (const token of tokenize(withoutHeredocBodies(text))) {
    if (token.kind === 'redirect') { pending = token.text; continue; }
    if (token.kind === 'word') {
      if (pending === null) stage.words.push(token.text);
      else {
        const op = fileRedirect(pending);
        if (op) stage.redirects.push({ op, target: token.text });
        pending = null;
      }
      continue;
    }
    pending = null;
    if (token.text === '|' || token.text === '|&') endStage();
    else if (token.text !== '(' && token.text !== ')') endPipeline();
  }
  endPipeline();
  return pipelines;
}
