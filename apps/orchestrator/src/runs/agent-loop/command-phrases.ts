import { Redirect } from './shell-line';
import { shorten, showPath, showPaths } from './shown-text';

/**
 * One command in plain words. `setup` steps (cd, export, echo) only prepare the others;
 * `minor` ones (mkdir, git add, ls) matter when nothing else happens.
 */
export interface Step {
  phrase: string;
  weight: 'main' | 'minor' | 'setup';
  kind?: 'read' | 'list' | 'search' | 'feed';
}

const TESTS = 'Running the test suite';
const INSTALL = 'Installing dependencies';
const BUILD = 'Building the project';
const START = 'Starting the app';
const LINT = 'Checking the code for problems';
const FORMAT = 'Formatting the code';
const TYPECHECK = 'Checking the code for errors';
const SERVER = 'Starting a web server';
const RUN_PROGRAM = 'Running the program';
const FILES = 'Looking at the project\'s files';
const NEW_PROJECT = 'Setting up a new project';
const DATABASE = 'Updating the database structure';

const main = (phrase: string, kind?: Step['kind']): Step => ({ phrase, weight: 'main', kind });
const minor = (phrase: string, kind?: Step['kind']): Step => ({ phrase, weight: 'minor', kind });
const setup = (phrase: string, kind?: Step['kind']): Step => ({ phrase, weight: 'setup', kind });

/** The words that are not options, skipping the values of the options in `valued`. */
function operands(args: string[], valued: string[] = []): string[] {
  const found: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return [...found, ...args.slice(i + 1)];
    if (valued.includes(arg)) i++;
    else if (!arg.startsWith('-') || arg === '-') found.push(arg);
  }
  return found;
}

const has = (args: string[], ...flags: string[]) => args.some((a) => flags.includes(a) || flags.some((f) => f.startsWith('--') && a.startsWith(`${f}=`)));
const base = (path: string) => path.replace(/\/+$/, '').split('/').pop() ?? path;

function script(name: string | undefined): Step | null {
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

function runFile(file: string): Step {
  return /^(server|app|index|main|start)\.[a-z]+$/.test(base(file)) ? main(START) : main(`Running ${showPath(file)}`);
}

const PM_VALUED = ['--prefix', '-C', '--dir', '--filter', '-F', '-w', '--workspace', '--cwd'];

function packageManager(pm: string, args: string[]): Step | null {
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
const PYTHON_MODULES: Record<string, Step> = {
  'http.server': main(SERVER), venv: main('Setting up a Python environment'), virtualenv: main('Setting up a Python environment'),
  pytest: main(TESTS), unittest: main(TESTS), build: main(BUILD), black: main(FORMAT), isort: main(FORMAT),
  ruff: main(LINT), flake8: main(LINT), pylint: main(LINT), mypy: main(TYPECHECK),
};

function python(args: string[]): Step | null {
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

const GIT_VALUED = ['-C', '-c', '--git-dir', '--work-tree'];

function git(args: string[]): Step {
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

const SEARCH_VALUED = ['-A', '-B', '-C', '-m', '-f', '-g', '--glob', '--iglob', '-t', '--type', '-T', '--type-not', '-j', '--max-count',
  '--context', '--after-context', '--before-context', '-M', '--max-columns', '--max-depth', '--include', '--exclude', '--exclude-dir'];

function search(args: string[]): Step {
  const flagged = args.findIndex((a) => a === '-e' || a === '--regexp');
  const inline = args.find((a) => a.startsWith('--regexp='))?.slice('--regexp='.length);
  const found = operands(flagged < 0 ? args : args.filter((_, i) => i !== flagged && i !== flagged + 1), SEARCH_VALUED);
  const pattern = flagged >= 0 ? args[flagged + 1] : inline ?? found.shift();
  const where = found.length === 1 && /\.[A-Za-z0-9]+$/.test(found[0]) ? showPath(found[0]) : 'the code';
  return main(pattern ? `Searching ${where} for "${shorten(pattern, 40)}"` : `Searching ${where}`, 'search');
}

/** `… > file` and `… >> file`: what counts is the file written. */
function written(redirects: Redirect[]): Step | null {
  const out = redirects.find((r) => r.op !== '<');
  return out ? main(`${out.op === '>>' ? 'Adding to' : 'Writing'} ${showPath(out.target)}`) : null;
}

function read(program: string, args: string[], redirects: Redirect[]): Step | null {
  const files = operands(args, ['-n', '-c', '--lines', '--bytes']);
  const writes = written(redirects);
  if (writes) return writes;
  if (!files.length) return program === 'cat' ? setup('', 'feed') : null; // a filter in a pipeline
  if (program === 'tail' && has(args, '-f', '-F', '--follow')) return main(`Watching ${showPaths(files)}`, 'read');
  const part = program === 'head' ? 'the start of ' : program === 'tail' ? 'the end of ' : '';
  return main(`Reading ${part}${showPaths(files)}`, 'read');
}

function list(program: string, args: string[]): Step {
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

function fileChange(program: string, args: string[]): Step {
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

function web(program: string, args: string[]): Step {
  const url = args.find((a) => /^(https?:\/\/|localhost|127\.0\.0\.1)/.test(a));
  const host = url?.replace(/^https?:\/\//, '').replace(/^[^@/]*@/, '').split(/[/?#]/)[0];
  if (!host) return main('Downloading from the internet');
  if (/^(localhost|127\.0\.0\.1|0\.0\.0\.0)(:|$)/.test(host)) return main(`Trying the running app (${shorten(url!.replace(/^https?:\/\//, '').split(/[?#]/)[0], 40)})`);
  const download = program === 'wget' || has(args, '-o', '-O', '--output', '--remote-name');
  return main(`${download ? 'Downloading a file from' : 'Contacting'} ${shorten(host, 40)}`);
}

function lint(program: string, args: string[]): Step {
  const [sub] = operands(args);
  if (program === 'prettier' || program === 'black' || program === 'gofmt' || program === 'isort') {
    return main(has(args, '--check', '-c', '-l', '--list-different', '--diff') && !has(args, '--write', '-w') ? 'Checking the code formatting' : FORMAT);
  }
  if ((program === 'ruff' || program === 'biome' || program === 'dprint') && (sub === 'format' || sub === 'fmt')) return main(FORMAT);
  return main(program === 'mypy' || program === 'pyright' ? TYPECHECK : LINT);
}

type Classifier = (args: string[], redirects: Redirect[], program: string) => Step | null;
const sub = (table: Record<string, Step>, otherwise: Step | null = null): Classifier => (args) => table[operands(args)[0]] ?? otherwise;
const always = (step: Step): Classifier => () => step;

/** Each program a founder's agent commonly runs, by the name it is called with. */
export const PROGRAMS: Record<string, Classifier> = {
  npm: (a) => packageManager('npm', a), pnpm: (a) => packageManager('pnpm', a), yarn: (a) => packageManager('yarn', a), bun: (a) => packageManager('bun', a),
  pip: sub({ install: main(INSTALL), uninstall: main('Removing a dependency'), list: minor('Looking at the installed dependencies'), freeze: minor('Looking at the installed dependencies') }),
  poetry: sub({ install: main(INSTALL), add: main(INSTALL), update: main('Updating dependencies'), lock: main(INSTALL), build: main(BUILD), new: main(NEW_PROJECT), init: main(NEW_PROJECT) }),
  uv: sub({ sync: main(INSTALL), add: main(INSTALL), pip: main(INSTALL), lock: main(INSTALL), venv: main('Setting up a Python environment'), build: main(BUILD) }),
  pipenv: sub({ install: main(INSTALL), sync: main(INSTALL) }),
  conda: sub({ install: main(INSTALL), create: main('Setting up a Python environment'), activate: setup('') }),
  bundle: sub({ install: main(INSTALL) }, main(INSTALL)),
  gem: sub({ install: main(INSTALL) }),
  composer: sub({ install: main(INSTALL), require: main(INSTALL), update: main('Updating dependencies') }),
  'apt-get': sub({ install: main(INSTALL), update: minor('Preparing to install dependencies'), upgrade: main('Updating the system\'s software') }),
  apk: sub({ add: main(INSTALL), update: minor('Preparing to install dependencies') }),
  brew: sub({ install: main(INSTALL), update: minor('Preparing to install dependencies') }),
  cargo: sub({ build: main(BUILD), b: main(BUILD), check: main(TYPECHECK), test: main(TESTS), t: main(TESTS), nextest: main(TESTS), run: main(RUN_PROGRAM), r: main(RUN_PROGRAM),
    fmt: main(FORMAT), clippy: main(LINT), fetch: main(INSTALL), add: main(INSTALL), new: main(NEW_PROJECT), init: main(NEW_PROJECT), doc: main('Building the documentation') }),
  go: (a) => ({ build: main(BUILD), test: main(TESTS), run: main(RUN_PROGRAM), get: main(INSTALL), install: main(INSTALL), vet: main(LINT), fmt: main(FORMAT),
    mod: operands(a)[1] === 'init' ? main(NEW_PROJECT) : main(INSTALL) } as Record<string, Step>)[operands(a)[0]] ?? null,
  make: (a) => {
    const target = operands(a, ['-C', '-f', '-j']).find((t) => !t.includes('='));
    if (!target || /^(all|build|compile)$/.test(target)) return main(BUILD);
    if (/^(tests?|check)$/.test(target)) return main(TESTS);
    if (/^(deps|setup|bootstrap|install-deps)$/.test(target)) return main(INSTALL);
    if (/^(run|start|serve|dev|up)$/.test(target)) return main(START);
    if (/^(lint|fmt|format)$/.test(target)) return main(target === 'lint' ? LINT : FORMAT);
    if (target === 'clean') return main('Cleaning up old build files');
    return main(`Running the ${shorten(target, 30)} step`);
  },
  tsc: (a) => main(has(a, '--noEmit') ? TYPECHECK : BUILD),
  node: (a) => {
    if (has(a, '--test')) return main(TESTS);
    if (has(a, '-e', '--eval', '-p', '--print')) return main('Running a small piece of code');
    const [file] = operands(a, ['-r', '--require', '--import', '--loader']);
    return file ? runFile(file) : null;
  },
  ...Object.fromEntries(Object.entries(PYTHON_MODULES).map(([module, step]) => [module, always(step)])),
  python, deno: sub({ test: main(TESTS), task: main(RUN_PROGRAM), fmt: main(FORMAT), lint: main(LINT) }, main(RUN_PROGRAM)),
  jest: always(main(TESTS)), vitest: (a) => (operands(a)[0] === 'bench' ? main('Measuring how fast the code runs') : main(TESTS)),
  mocha: always(main(TESTS)), ava: always(main(TESTS)), tap: always(main(TESTS)), jasmine: always(main(TESTS)), karma: always(main(TESTS)),
  pytest: always(main(TESTS)), 'py.test': always(main(TESTS)), tox: always(main(TESTS)), nox: always(main(TESTS)), rspec: always(main(TESTS)), phpunit: always(main(TESTS)),
  playwright: sub({ test: main(TESTS), install: main(INSTALL) }), cypress: sub({ run: main(TESTS), open: main(TESTS) }), ctest: always(main(TESTS)),
  rake: sub({ test: main(TESTS), spec: main(TESTS), 'db:migrate': main(DATABASE) }),
  mvn: (a) => (a.some((x) => /^(test|verify)$/.test(x)) ? main(TESTS) : main(BUILD)),
  gradle: (a) => (a.some((x) => /^(test|check)$/.test(x)) ? main(TESTS) : main(BUILD)),
  dotnet: sub({ test: main(TESTS), build: main(BUILD), run: main(RUN_PROGRAM), restore: main(INSTALL), new: main(NEW_PROJECT) }),
  webpack: always(main(BUILD)), rollup: always(main(BUILD)), esbuild: always(main(BUILD)), parcel: sub({ build: main(BUILD) }, main(START)),
  vite: sub({ build: main(BUILD) }, main(START)), next: sub({ build: main(BUILD), lint: main(LINT) }, main(START)), nuxt: sub({ build: main(BUILD) }, main(START)),
  turbo: (a) => script(operands(a)[1] ?? operands(a)[0]), nx: (a) => script(operands(a)[1] ?? operands(a)[0]),
  gcc: always(main(BUILD)), 'g++': always(main(BUILD)), clang: always(main(BUILD)), javac: always(main(BUILD)), rustc: always(main(BUILD)),
  uvicorn: always(main(START)), gunicorn: always(main(START)), hypercorn: always(main(START)), nodemon: always(main(START)), flask: sub({ run: main(START) }),
  rails: sub({ s: main(START), server: main(START), test: main(TESTS), 'db:migrate': main(DATABASE), new: main(NEW_PROJECT) }),
  php: (a) => (has(a, '-S') ? main(SERVER) : operands(a)[1] === 'serve' ? main(START) : operands(a)[0] ? runFile(operands(a)[0]) : null),
  serve: always(main(SERVER)), 'http-server': always(main(SERVER)), 'live-server': always(main(SERVER)),
  pm2: sub({ start: main(START), restart: main('Restarting the app'), stop: main('Stopping the app') }),
  'ts-node': (a) => (operands(a)[0] ? runFile(operands(a)[0]) : null), tsx: (a) => { const f = operands(a).filter((x) => x !== 'watch')[0]; return f ? runFile(f) : null; },
  prisma: (a) => (operands(a)[0] === 'migrate' || operands(a)[0] === 'db' ? main(DATABASE) : main('Preparing the database code')),
  psql: always(main('Working with the database')), mysql: always(main('Working with the database')), sqlite3: always(main('Working with the database')),
  docker: (a) => {
    const [s, t] = operands(a, ['-f', '-t', '--file', '--tag', '-p', '-e', '-v', '--name']);
    if (s === 'build') return main('Packaging the app with Docker');
    if (s === 'compose' ? t === 'up' : s === 'run') return main('Starting the app with Docker');
    if (s === 'ps') return minor('Checking what is running');
    return main('Working with Docker');
  },
  'docker-compose': sub({ up: main('Starting the app with Docker') }, main('Working with Docker')),
  gh: (a) => (operands(a).join(' ').startsWith('pr create') ? main('Opening a pull request') : main('Working with GitHub')),
  git,
  grep: search, egrep: search, fgrep: search, rg: search, ag: search, ack: search,
  cat: (a, r) => read('cat', a, r), head: (a, r) => read('head', a, r), tail: (a, r) => read('tail', a, r), less: (a, r) => read('less', a, r),
  more: (a, r) => read('more', a, r), bat: (a, r) => read('bat', a, r), nl: (a, r) => read('nl', a, r),
  tee: (a) => { const [file] = operands(a); return file ? main(`${has(a, '-a') ? 'Adding to' : 'Writing'} ${showPath(file)}`) : null; },
  echo: (_, r) => written(r) ?? setup('', 'feed'), printf: (_, r) => written(r) ?? setup('', 'feed'),
  sed: (a) => {
    const script = a.find((x) => !x.startsWith('-')) ?? '';
    const files = operands(a, ['-e', '-f']).slice(a.includes('-e') ? 0 : 1);
    if (has(a, '-i', '--in-place') || a.some((x) => x.startsWith('-i'))) return main(`Editing ${files.length ? showPaths(files) : 'a file'}`);
    const lines = /^(\d+),(\d+)p$/.exec(script);
    if (!files.length) return null;
    return main(lines ? `Reading lines ${lines[1]}–${lines[2]} of ${showPaths(files)}` : `Reading ${showPaths(files)}`, 'read');
  },
  awk: (a) => { const files = operands(a, ['-F', '-v', '-f']).slice(1); return files.length ? main(`Reading ${showPaths(files)}`, 'read') : null; },
  wc: (a) => { const files = operands(a); return files.length ? main(`Counting the lines in ${showPaths(files)}`, 'read') : null; },
  diff: (a) => { const [x, y] = operands(a, ['-U', '-C']); return x && y ? main(`Comparing ${showPath(x)} and ${showPath(y)}`) : main('Comparing files'); },
  ls: (a) => list('ls', a), ll: (a) => list('ls', a), tree: (a) => list('tree', a), find: (a) => list('find', a), fd: (a) => list('fd', a),
  du: always(minor('Checking how much space the files use')), stat: always(minor('Looking at a file\'s details')), file: always(minor('Looking at a file\'s details')),
  mkdir: (a) => fileChange('mkdir', a), touch: (a) => fileChange('touch', a), rm: (a) => fileChange('rm', a), rmdir: (a) => fileChange('rmdir', a),
  unlink: (a) => fileChange('unlink', a), cp: (a) => fileChange('cp', a), mv: (a) => fileChange('mv', a), ln: (a) => fileChange('ln', a),
  chmod: (a) => fileChange('chmod', a), chown: always(minor('Changing who owns files')),
  tar: (a) => (a.some((x) => /^-?[a-z]*x/.test(x)) ? main('Unpacking an archive') : main('Packing files into an archive')),
  unzip: always(main('Unpacking an archive')), zip: always(main('Packing files into an archive')),
  curl: (a) => web('curl', a), wget: (a) => web('wget', a),
  eslint: (a, _, p) => lint(p, a), prettier: (a, _, p) => lint(p, a), ruff: (a, _, p) => lint(p, a), black: (a, _, p) => lint(p, a),
  isort: (a, _, p) => lint(p, a), flake8: (a, _, p) => lint(p, a), pylint: (a, _, p) => lint(p, a), mypy: (a, _, p) => lint(p, a),
  pyright: (a, _, p) => lint(p, a), rubocop: (a, _, p) => lint(p, a), 'golangci-lint': (a, _, p) => lint(p, a), shellcheck: (a, _, p) => lint(p, a),
  stylelint: (a, _, p) => lint(p, a), biome: (a, _, p) => lint(p, a), gofmt: (a, _, p) => lint(p, a),
  kill: always(main('Stopping a running program')), pkill: always(main('Stopping a running program')), killall: always(main('Stopping a running program')),
  ps: always(minor('Checking what is running')), lsof: always(minor('Checking what is running')), netstat: always(minor('Checking what is running')), ss: always(minor('Checking what is running')),
  which: (a) => minor(`Checking that ${shorten(operands(a).join(' '), 30) || 'a tool'} is installed`),
  printenv: always(minor('Looking at the environment settings')),
  cd: (a) => setup(a[0] && a[0] !== '-' ? `Going into the ${showPath(a[0])} folder` : ''), pushd: always(setup('')), popd: always(setup('')),
  export: always(setup('')), source: always(setup('')), '.': always(setup('')), set: always(setup('')), unset: always(setup('')),
  true: always(setup('')), false: always(setup('')), ':': always(setup('')), sleep: always(setup('Waiting a moment')), clear: always(setup('')),
  pwd: always(setup('')), wait: always(setup('')), exit: always(setup('')), alias: always(setup('')), nvm: always(setup('')), yes: always(setup('', 'feed')),
};

/** Aliases of the same program: `pip3`, `python3.12`, `./gradlew`, `apt`, `yum`. */
export function programName(word: string): string {
  const name = base(word);
  if (/^pip\d/.test(name)) return 'pip';
  if (/^python(\d(\.\d+)?)?$/.test(name)) return 'python';
  if (name === 'gradlew') return 'gradle';
  if (name === 'mvnw') return 'mvn';
  if (['apt', 'yum', 'dnf', 'zypper'].includes(name)) return 'apt-get';
  if (name === 'pnpx' || name === 'bunx') return 'npx';
  return name;
}
