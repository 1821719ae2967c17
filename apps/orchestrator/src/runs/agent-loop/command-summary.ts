import { PROGRAMS, programName, Step } from './command-phrases';
import { parseCommandLine, SimpleCommand } from './shell-line';
import { shorten } from './shown-text';

/** A step of the command line; `raw` is set when no phrase fits it and only the command can say. */
interface Found extends Step {
  program: string;
  raw?: string;
}

/** Programs that run the command after their own options: `sudo -E npm ci`, `timeout 60 pytest`. */
const WRAPPERS: Record<string, { valued: string[]; operands?: number }> = {
  sudo: { valued: ['-u', '-g', '-C', '-D', '-h', '-p', '-U'] }, doas: { valued: ['-u'] }, env: { valued: ['-u', '-C', '-S'] },
  time: { valued: [] }, nohup: { valued: [] }, nice: { valued: ['-n'] }, exec: { valued: [] }, stdbuf: { valued: [] },
  timeout: { valued: ['-s', '-k', '--signal', '--kill-after'], operands: 1 },
  xargs: { valued: ['-I', '-n', '-P', '-L', '-d', '-s', '-a', '-E'] }, npx: { valued: ['-p', '--package'] },
};
const RUNNERS = ['npm exec', 'pnpm exec', 'pnpm dlx', 'yarn dlx', 'yarn exec', 'bun x', 'poetry run', 'uv run', 'pipenv run', 'bundle exec', 'conda run'];
const SHELLS = ['bash', 'sh', 'zsh', 'dash'];
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const VERSION_FLAGS = ['--version', '-v', '-V'];
const JOINED_MAX = 90;

function skipOptions(args: string[], valued: string[]): string[] {
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) {
    if (args[i] === '--') return args.slice(i + 1);
    i += valued.includes(args[i]) ? 2 : 1;
  }
  return args.slice(i);
}

/** The command a stage really runs, without its variables and wrappers; `nested` for `bash -c '…'`. */
function unwrap(words: string[]): string[] | { nested: string } {
  let rest = words;
  for (;;) {
    while (rest.length && ASSIGNMENT.test(rest[0])) rest = rest.slice(1);
    const [first = '', second = ''] = rest;
    const name = programName(first);
    const wrapper = WRAPPERS[name];
    const module = name === 'python' ? rest.indexOf('-m') : -1;
    if (wrapper) rest = skipOptions(rest.slice(1), wrapper.valued).slice(wrapper.operands ?? 0);
    else if (RUNNERS.includes(`${name} ${second}`)) rest = skipOptions(rest.slice(2), ['-n', '--name']);
    else if (module > 0 && rest.slice(1, module).every((a) => a.startsWith('-'))) rest = rest.slice(module + 1);
    else if (SHELLS.includes(name) && /^-[a-z]*c[a-z]*$/.test(second) && rest.length > 2) return { nested: rest[2] };
    else if (SHELLS.includes(name) && second && !second.startsWith('-')) rest = rest.slice(1);
    else return rest;
  }
}

function asText(stage: SimpleCommand, words: string[]): string {
  const shown = words.map((w) => (/\s/.test(w) || w === '' ? `"${w}"` : w));
  return [...shown, ...stage.redirects.map((r) => `${r.op} ${r.target}`)].join(' ');
}

function describeStage(stage: SimpleCommand): Found {
  const words = unwrap(stage.words);
  if (!Array.isArray(words)) return { ...summarise(words.nested), program: 'bash' };
  const [first = '', ...args] = words;
  const program = programName(first);
  if (args.length === 1 && VERSION_FLAGS.includes(args[0])) {
    return { phrase: `Checking which version of ${shorten(program, 20)} is installed`, weight: 'minor', program };
  }
  const step = PROGRAMS[program]?.(args, stage.redirects, program)
    ?? (/\.(sh|bash)$/.test(program) || first.includes('/') ? { phrase: `Running the ${shorten(program, 30)} script`, weight: 'main' } : null)
    ?? (program.startsWith('create-') ? { phrase: 'Setting up a new project', weight: 'main' } : null);
  if (step) return { ...step, program };
  if (!words.length) return { phrase: '', weight: 'setup', program }; // only redirections or variables
  return { phrase: `Running ${shorten(program, 30)}`, weight: 'main', program, raw: asText(stage, words) };
}

/** `a | b`: the first stage says what happens; later ones filter its output (`| tail -20`). */
function describePipeline(stages: SimpleCommand[]): Found {
  const found = stages.map(describeStage);
  const at = Math.max(0, found.findIndex((f) => f.kind !== 'feed')); // `echo y | npx …`: the echo only answers
  const head = found[at];
  const later = found.slice(at + 1);
  const searched = later.find((f) => f.kind === 'search');
  if ((head.kind === 'read' || head.kind === 'list') && searched) return searched;
  if ((head.program === 'curl' || head.program === 'wget') && later.some((f) => SHELLS.includes(f.program))) {
    return { ...head, phrase: head.phrase.replace(/^(Downloading a file from|Contacting)/, 'Running a setup script from') };
  }
  return head;
}

const continuing = (phrase: string) => (/^[A-Z][a-z]/.test(phrase) ? phrase[0].toLowerCase() + phrase.slice(1) : phrase);

/** Two or three steps read as one sentence; more, or too long, and the last known step speaks for them. */
function join(steps: Found[]): Found {
  const phrases = [...new Set(steps.map((s) => s.phrase))];
  const last = [...steps].reverse().find((s) => !s.raw) ?? steps[steps.length - 1];
  if (phrases.length === 1) return steps[steps.length - 1];
  const [first, ...others] = phrases;
  const text = others.length === 1 ? `${first}, then ${continuing(others[0])}`
    : `${first}, ${others.slice(0, -1).map(continuing).join(', ')}, then ${continuing(others[others.length - 1])}`;
  return phrases.length <= 3 && text.length <= JOINED_MAX ? { phrase: text, weight: 'main', program: last.program } : last;
}

function summarise(command: string): Found {
  const found = parseCommandLine(command).map(describePipeline);
  const of = (weight: Step['weight']) => found.filter((f) => f.weight === weight && f.phrase);
  const main = of('main');
  const unknown = main.filter((f) => f.raw);
  if (main.length > unknown.length) return join(main);
  const fallback = (text: string): Found => ({ phrase: text ? `Running a command: ${shorten(text)}` : 'Running a command', weight: 'main', program: '', raw: text });
  if (unknown.length === 1) return fallback(unknown[0].raw!);
  if (unknown.length > 1) return fallback(command);
  const minor = of('minor');
  if (minor.length) return join(minor);
  return of('setup').pop() ?? fallback(command);
}

/** What a shell command does, in the words a founder would use; the command itself only when nothing fits. */
export function describeCommand(command: string): string {
  return summarise(command).phrase;
}
