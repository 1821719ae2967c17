import type { Redirect } from './shell-line';
import { shorten, showPath, showPaths } from './shown-text';
import {
  script, runFile, packageManager, python, git, search, written, read, list, fileChange, web, lint,
  PYTHON_MODULES,
} from './command-classifiers';
import {
  Step, TESTS, INSTALL, BUILD, START, LINT, FORMAT, TYPECHECK, SERVER, RUN_PROGRAM, NEW_PROJECT, DATABASE,
  main, minor, setup, operands, has, base,
} from './command-step';

export type { Step } from './command-step';

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
