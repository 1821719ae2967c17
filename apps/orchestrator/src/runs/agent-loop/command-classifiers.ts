import type { Redirect } from './shell-line';
import { shorten, showPath, showPaths } from './shown-text';
import {
  Step, TESTS, INSTALL, BUILD, START, LINT, FORMAT, TYPECHECK, SERVER, FILES, NEW_PROJECT, DATABASE, main,
  minor, setup, operands, has, base,
} from './command-step';

/** How the commands that take subcommands and options are read: one function per family. */
export function script(name: string | undefined): Step | null {
  if (!name) return null;
  if (/\.[cm]?[jt]sx?$|\.py$/.test(name)) return runFile(name);
  if (/^(test|unit|e2e|spec|integration)/.test(name)) return main(TESTS);
  if (/^(build|compile|bundle|dist)/.test(name)) return main(BUILD);
  if (/^(start|dev|serve|preview|watch)/.test(name)) return main(START);
  if (/^lint/.test(name)) return main(LINT);
  if (/^(format|fmt|prettier)/.test(name)) return main(FORMAT);
  if (/^(typecheck|type-check|types|tsc|check-types)/.test(name)) return main(TYPECHECK);
  if (/^(migrate|db:migrate)/.test(name)) return main(DATABASE);
  return main(`Running the ${shorten(name, 30)} script`);
}

export function runFile(file: string): Step {
  return /^(server|app|index|main|start)\.[a-z]+$/.test(base(file)) ? main(START) : main(`Running ${showPath(file)}`);
}

export const PM_VALUED = ['--prefix', '-C', '--dir', '--filter', '-F', '-w', '--workspace', '--cwd'];

export function packageManager(pm: string, args: string[]): Step | null {
  const [sub, ...rest] = operands(args, PM_VALUED);
  switch (sub) {
    case undefined: return pm === 'yarn' || pm === 'bun' ? main(INSTALL) : null;
    case 'install': case 'i': case 'ci': case 'add': case 'isntall': return main(INSTALL);
    case 'uninstall': case 'remove': case 'rm': case 'un': return main('Removing a dependency');
    case 'test': case 't': case 'tst': return main(TESTS);
    case 'run': case 'run-script': return script(rest[0]);
    case 'start': return main(START);
    case 'init': case 'create': return main(NEW_PROJECT);
    case 'audit': return main('Checking the dependencies for known security problems');
    case 'outdated': return main('Checking for newer versions of the dependencies');
    case 'update': case 'upgrade': case 'up': return main('Updating dependencies');
    case 'ls': case 'list': case 'why': return minor('Looking at the installed dependencies');
    case 'publish': return main('Publishing the package');
    default: return pm === 'npm' ? null : script(sub);
  }
}

/** `python -m <module>`, run as the module's own name. */
export const PYTHON_MODULES: Record<string, Step> = {
  'http.server': main(SERVER), venv: main('Setting up a Python environment'), virtualenv: main('Setting up a Python environment'),
  pytest: main(TESTS), unittest: main(TESTS), build: main(BUILD), black: main(FORMAT), isort: main(FORMAT),
  ruff: main(LINT), flake8: main(LINT), pylint: main(LINT), mypy: main(TYPECHECK),
};

export function python(args: string[]): Step | null {
  if (has(args, '-c')) return main('Running a small piece of code');
  const [file, sub] = operands(args);
  if (!file) return null;
  if (base(file) === 'manage.py') {
    if (sub === 'runserver') return main(START);
    if (sub === 'test') return main(TESTS);
    if (sub === 'migrate') return main(DATABASE);
    return main(`Running manage.py ${shorten(sub ?? '', 20)}`.trimEnd());
  }
  return runFile(file);
}

export const GIT_VALUED = ['-C', '-c', '--git-dir', '--work-tree'];

export function git(args: string[]): Step {
  const at = args.findIndex((a, i) => !a.startsWith('-') && !GIT_VALUED.includes(args[i - 1]));
  const sub = args[at] ?? '';
  const rest = at < 0 ? [] : args.slice(at + 1);
  const [first] = operands(rest, ['-m', '-b', '-B', '-c', '-C', '--depth', '-n', '--format', '--pretty', '-u']);
  switch (sub) {
    case 'status': return minor('Checking what changed');
    case 'diff': return main('Looking at the changes');
    case 'log': case 'shortlog': case 'reflog': return main('Looking at the project history');
    case 'show': return main('Looking at a past change');
    case 'blame': return main(`Looking at who changed ${first ? showPath(first) : 'a file'}`);
    case 'add': return minor('Choosing the changes to save');
    case 'commit': return main('Saving the work (git commit)');
    case 'push': return main('Uploading the work (git push)');
    case 'pull': return main('Getting the latest changes (git pull)');
    case 'fetch': return main('Getting the latest changes (git fetch)');
    case 'clone': return main(first ? `Downloading ${showPath(base(first).replace(/\.git$/, ''))}` : 'Downloading a project');
    case 'init': return main('Setting up version history for the project');
    case 'checkout': case 'switch': {
      const created = rest.findIndex((a) => ['-b', '-B', '-c', '-C'].includes(a));
      if (created >= 0) return main(`Starting the branch ${shorten(rest[created + 1] ?? '', 40)}`.trimEnd());
      if (rest.includes('--')) return main('Undoing changes to files');
      return main(first ? `Switching to ${shorten(first, 40)}` : 'Switching branches');
    }
    case 'restore': case 'reset': case 'revert': return main(`Undoing changes (git ${sub})`);
    case 'branch': return rest.length ? main('Working with branches') : minor('Listing the branches');
    case 'merge': return main('Combining changes (git merge)');
    case 'rebase': return main('Updating the branch (git rebase)');
    case 'stash': return main('Setting changes aside (git stash)');
    case 'grep': return search(rest);
    case 'rm': return main('Removing files');
    case 'mv': return main('Moving files');
    case 'tag': return main('Labelling a version');
    case 'remote': return minor('Checking where the project is stored online');
    case 'config': return setup('Setting up git');
    default: return main(sub ? `Working with the project history (git ${shorten(sub, 20)})` : 'Working with the project history');
  }
}

export const SEARCH_VALUED = ['-A', '-B', '-C', '-m', '-f', '-g', '--glob', '--iglob', '-t', '--type', '-T', '--type-not', '-j', '--max-count',
  '--context', '--after-context', '--before-context', '-M', '--max-columns', '--max-depth', '--include', '--exclude', '--exclude-dir'];

export function search(args: string[]): Step {
  const flagged = args.findIndex((a) => a === '-e' || a === '--regexp');
  const inline = args.find((a) => a.startsWith('--regexp='))?.slice('--regexp='.length);
  const found = operands(flagged < 0 ? args : args.filter((_, i) => i !== flagged && i !== flagged + 1), SEARCH_VALUED);
  const pattern = flagged >= 0 ? args[flagged + 1] : inline ?? found.shift();
  const where = found.length === 1 && /\.[A-Za-z0-9]+$/.test(found[0]) ? showPath(found[0]) : 'the code';
  return main(pattern ? `Searching ${where} for "${shorten(pattern, 40)}"` : `Searching ${where}`, 'search');
}

/** `… > file` and `… >> file`: what counts is the file written. */
export function written(redirects: Redirect[]): Step | null {
  const out = redirects.find((r) => r.op !== '<');
  return out ? main(`${out.op === '>>' ? 'Adding to' : 'Writing'} ${showPath(out.target)}`) : null;
}

export function read(program: string, args: string[], redirects: Redirect[]): Step | null {
  const files = operands(args, ['-n', '-c', '--lines', '--bytes']);
  const writes = written(redirects);
  if (writes) return writes;
  if (!files.length) return program === 'cat' ? setup('', 'feed') : null; // a filter in a pipeline
  if (program === 'tail' && has(args, '-f', '-F', '--follow')) return main(`Watching ${showPaths(files)}`, 'read');
  const part = program === 'head' ? 'the start of ' : program === 'tail' ? 'the end of ' : '';
  return main(`Reading ${part}${showPaths(files)}`, 'read');
}

export function list(program: string, args: string[]): Step {
  if (program === 'find' || program === 'fd') {
    const exec = args.findIndex((a) => a === '-exec' || a === '-execdir');
    if (exec >= 0 && /grep|rg/.test(args[exec + 1] ?? '')) return search(args.slice(exec + 2).filter((a) => a !== '{}' && a !== ';' && a !== '+'));
    if (args.includes('-delete')) return main('Removing files');
    const named = args.findIndex((a) => ['-name', '-iname', '-path', '-ipath'].includes(a));
    const pattern = named >= 0 ? args[named + 1] : program === 'fd' ? operands(args)[0] : undefined;
    if (pattern) return main(`Looking for files matching ${shorten(pattern, 40)}`, 'list');
  }
  const dirs = program === 'find' ? args.filter((a) => !a.startsWith('-')).slice(0, 1) : operands(args, ['-L', '-I']);
  if (dirs.length === 1 && dirs[0] !== '.' && dirs[0] !== './') return minor(`Looking at the files in ${showPath(dirs[0])}`, 'list');
  return minor(FILES, 'list');
}

export function fileChange(program: string, args: string[]): Step {
  const paths = operands(args, ['-m', '-t']);
  const shown = paths.length ? showPaths(paths) : 'files';
  switch (program) {
    case 'mkdir': return minor(paths.length === 1 ? `Creating the folder ${shown}` : 'Creating folders');
    case 'touch': return main(`Creating ${shown}`);
    case 'rm': case 'rmdir': case 'unlink': return main(`Removing ${shown}`);
    case 'cp': return main(paths.length === 2 ? `Copying ${showPath(paths[0])} to ${showPath(paths[1])}` : 'Copying files');
    case 'mv': return main(paths.length === 2 ? `Moving ${showPath(paths[0])} to ${showPath(paths[1])}` : 'Moving files');
    case 'ln': return minor('Linking files');
    default: return minor(args.some((a) => /\+x/.test(a)) ? `Making ${showPaths(paths.slice(1))} runnable` : 'Changing file permissions');
  }
}

export function web(program: string, args: string[]): Step {
  const url = args.find((a) => /^(https?:\/\/|localhost|127\.0\.0\.1)/.test(a));
  const host = url?.replace(/^https?:\/\//, '').replace(/^[^@/]*@/, '').split(/[/?#]/)[0];
  if (!host) return main('Downloading from the internet');
  if (/^(localhost|127\.0\.0\.1|0\.0\.0\.0)(:|$)/.test(host)) return main(`Trying the running app (${shorten(url!.replace(/^https?:\/\//, '').split(/[?#]/)[0], 40)})`);
  const download = program === 'wget' || has(args, '-o', '-O', '--output', '--remote-name');
  return main(`${download ? 'Downloading a file from' : 'Contacting'} ${shorten(host, 40)}`);
}

export function lint(program: string, args: string[]): Step {
  const [sub] = operands(args);
  if (program === 'prettier' || program === 'black' || program === 'gofmt' || program === 'isort') {
    return main(has(args, '--check', '-c', '-l', '--list-different', '--diff') && !has(args, '--write', '-w') ? 'Checking the code formatting' : FORMAT);
  }
  if ((program === 'ruff' || program === 'biome' || program === 'dprint') && (sub === 'format' || sub === 'fmt')) return main(FORMAT);
  return main(program === 'mypy' || program === 'pyright' ? TYPECHECK : LINT);
}
