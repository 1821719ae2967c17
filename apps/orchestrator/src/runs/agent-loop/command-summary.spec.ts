import { describeCommand } from './command-summary';

const cases: Record<string, [string, string][]> = {
  'installing dependencies': [
    ['npm install', 'Installing dependencies'],
    ['npm ci', 'Installing dependencies'],
    ['npm i -D typescript @types/node', 'Installing dependencies'],
    ['pnpm install --frozen-lockfile', 'Installing dependencies'],
    ['yarn', 'Installing dependencies'],
    ['pip install -r requirements.txt', 'Installing dependencies'],
    ['pip3 install requests', 'Installing dependencies'],
    ['python3 -m pip install requests', 'Installing dependencies'],
    ['poetry install', 'Installing dependencies'],
    ['sudo apt-get install -y curl', 'Installing dependencies'],
    ['apt-get update && apt-get install -y python3', 'Installing dependencies'],
    ['cargo fetch', 'Installing dependencies'],
    ['go mod download', 'Installing dependencies'],
    ['bundle install', 'Installing dependencies'],
  ],
  'running the tests': [
    ['npm test', 'Running the test suite'],
    ['npm run test', 'Running the test suite'],
    ['npm run test:unit -- --coverage', 'Running the test suite'],
    ['npx jest src/app.spec.ts', 'Running the test suite'],
    ['npx vitest run', 'Running the test suite'],
    ['npx mocha', 'Running the test suite'],
    ['pytest -q tests/', 'Running the test suite'],
    ['python -m pytest', 'Running the test suite'],
    ['go test ./...', 'Running the test suite'],
    ['cargo test', 'Running the test suite'],
    ['make test', 'Running the test suite'],
    ['node --test', 'Running the test suite'],
    ['bun test', 'Running the test suite'],
    ['npx playwright test', 'Running the test suite'],
  ],
  building: [
    ['npm run build', 'Building the project'],
    ['yarn build', 'Building the project'],
    ['tsc -p tsconfig.json', 'Building the project'],
    ['npx tsc --noEmit', 'Checking the code for errors'],
    ['make', 'Building the project'],
    ['cargo build --release', 'Building the project'],
    ['go build ./...', 'Building the project'],
    ['docker build -t app .', 'Packaging the app with Docker'],
  ],
  'starting a server': [
    ['npm start', 'Starting the app'],
    ['npm run dev', 'Starting the app'],
    ['pnpm dev', 'Starting the app'],
    ['node server.js', 'Starting the app'],
    ['python -m http.server 8000', 'Starting a web server'],
    ['uvicorn app.main:app --reload --port 8000', 'Starting the app'],
    ['flask run', 'Starting the app'],
    ['python manage.py runserver 0.0.0.0:8000', 'Starting the app'],
    ['curl -s http://localhost:3000/health', 'Trying the running app (localhost:3000/health)'],
  ],
  git: [
    ['git status', 'Checking what changed'],
    ['git diff HEAD~1', 'Looking at the changes'],
    ['git log --oneline -10', 'Looking at the project history'],
    ['git -C app log -5', 'Looking at the project history'],
    ['git commit -m "Add login page"', 'Saving the work (git commit)'],
    ['git add .', 'Choosing the changes to save'],
    ['git checkout -b feature/login', 'Starting the branch feature/login'],
    ['git switch main', 'Switching to main'],
    ['git clone https://github.com/acme/shop.git', 'Downloading shop'],
    ['git push origin main', 'Uploading the work (git push)'],
    ['git pull', 'Getting the latest changes (git pull)'],
  ],
  'reading and listing files': [
    ['cat config/settings.json', 'Reading config/settings.json'],
    ['cat notes.txt # attempt 1', 'Reading notes.txt'],
    ['head -n 50 src/app.ts', 'Reading the start of src/app.ts'],
    ['tail -f logs/server.log', 'Watching logs/server.log'],
    ['less README.md', 'Reading README.md'],
    ['cat a.ts b.ts c.ts', 'Reading a.ts and 2 more files'],
    ['sed -n \'10,40p\' src/app.ts', 'Reading lines 10–40 of src/app.ts'],
    ['ls -la', 'Looking at the project\'s files'],
    ['ls src', 'Looking at the files in src'],
    ['tree -L 2', 'Looking at the project\'s files'],
    ['find . -type f | head -50', 'Looking at the project\'s files'],
    ['find . -name "*.ts" -not -path "./node_modules/*"', 'Looking for files matching *.ts'],
  ],
  searching: [
    ['grep -rn "TODO" src', 'Searching the code for "TODO"'],
    ['rg --type ts "createUser"', 'Searching the code for "createUser"'],
    ['grep -n "port" config.yml', 'Searching config.yml for "port"'],
    ['grep -rn -e "a b" .', 'Searching the code for "a b"'],
    ['cat package.json | grep version', 'Searching the code for "version"'],
    ['find . -name \'*.ts\' | xargs grep -l "useState"', 'Searching the code for "useState"'],
  ],
  'changing files': [
    ['mkdir -p src/components', 'Creating the folder src/components'],
    ['mv old.ts new.ts', 'Moving old.ts to new.ts'],
    ['cp .env.example .env', 'Copying .env.example to .env'],
    ['rm -rf node_modules package-lock.json', 'Removing node_modules and package-lock.json'],
    ['touch src/new.ts', 'Creating src/new.ts'],
    ['sed -i \'s/foo/bar/g\' src/app.ts', 'Editing src/app.ts'],
    ['echo "PORT=3000" >> .env', 'Adding to .env'],
    ['cat > src/index.ts <<\'EOF\'\nimport x from "y";\nnpm test\nEOF', 'Writing src/index.ts'],
  ],
  'linting and formatting': [
    ['npx eslint . --ext .ts', 'Checking the code for problems'],
    ['npm run lint', 'Checking the code for problems'],
    ['npx prettier --write "src/**/*.ts"', 'Formatting the code'],
    ['prettier --check .', 'Checking the code formatting'],
    ['ruff check .', 'Checking the code for problems'],
    ['ruff format .', 'Formatting the code'],
    ['black .', 'Formatting the code'],
  ],
  'shapes of a command line': [
    ['cd app && npm test', 'Running the test suite'],
    ['CI=1 npm test', 'Running the test suite'],
    ['sudo -E npm ci', 'Installing dependencies'],
    ['timeout 60 npm test', 'Running the test suite'],
    ['npm test 2>&1 | tail -20', 'Running the test suite'],
    ['pytest tests/ -x -q 2>&1 | tail -n 30', 'Running the test suite'],
    ['npm test; echo done', 'Running the test suite'],
    ['npm test || true', 'Running the test suite'],
    ['(cd web && npm run build)', 'Building the project'],
    ['bash -c "cd app && npm test"', 'Running the test suite'],
    ['cd app \\\n  && npm test', 'Running the test suite'],
    ['echo y | npx create-next-app my-app', 'Setting up a new project'],
    ['git add -A && git commit -m "wip"', 'Saving the work (git commit)'],
    ['ls -la && cat package.json', 'Reading package.json'],
    ['cd /app && npm install && npm test', 'Installing dependencies, then running the test suite'],
    ['npm install\nnpm run build\nnpm test', 'Installing dependencies, building the project, then running the test suite'],
    ['git commit -am "wip" && git push', 'Saving the work (git commit), then uploading the work (git push)'],
    ['npm ci && npm run lint && npm run build && npm test', 'Running the test suite'],
    ['curl -fsSL https://get.pnpm.io/install.sh | sh -', 'Running a setup script from get.pnpm.io'],
    ['cd frontend', 'Going into the frontend folder'],
  ],
  'other common commands': [
    ['node --version', 'Checking which version of node is installed'],
    ['which node', 'Checking that node is installed'],
    ['npm run migrate', 'Updating the database structure'],
    ['npm run seed', 'Running the seed script'],
    ['make deploy', 'Running the deploy step'],
    ['python3 scripts/seed.py', 'Running scripts/seed.py'],
    ['./scripts/deploy.sh --prod', 'Running the deploy.sh script'],
    ['node -e "console.log(1)"', 'Running a small piece of code'],
    ['ps aux | grep node', 'Checking what is running'],
  ],
};

describe('describeCommand', () => {
  describe.each(Object.entries(cases))('%s', (_, table) => {
    it.each(table)('%j → %s', (command, expected) => {
      expect(describeCommand(command)).toBe(expected);
    });
  });

  describe('when no phrase fits', () => {
    it.each([
      ['echo hello-1', 'Running a command: echo hello-1'],
      ['frobnicate --all', 'Running a command: frobnicate --all'],
      ['cd app && frobnicate --all', 'Running a command: frobnicate --all'],
      ['DEBUG=1 sudo frobnicate', 'Running a command: frobnicate'],
      ['', 'Running a command'],
    ])('shows the command itself: %j → %s', (command, expected) => {
      expect(describeCommand(command)).toBe(expected);
    });

    it('keeps the command short, cut between words', () => {
      const summary = describeCommand(`some-tool ${'argument '.repeat(20)}`);
      expect(summary).toMatch(/^Running a command: some-tool argument( argument)*…$/);
      expect(summary.length).toBeLessThanOrEqual('Running a command: '.length + 60);
    });

    it('names an unknown step beside the known ones', () => {
      expect(describeCommand('npm install && frobnicate')).toBe('Installing dependencies, then running frobnicate');
    });
  });

  describe('secrets', () => {
    it.each([
      ['frobnicate --token sk-ant-api03-abcdefghijklmnopqrstuvwxyz12345'],
      ['frobnicate --password hunter2'],
      ['frobnicate API_KEY=abc123secretvalue'],
      ['frobnicate https://deploy:s3cr3tpass@example.com/repo'],
      ['frobnicate -H "Authorization: Bearer abcdef"'],
      ['frobnicate AKIAIOSFODNN7EXAMPLE and more words to make the command run past the cut'],
    ])('are hidden in a command shown as it is: %j', (command) => {
      const summary = describeCommand(command);
      expect(summary).toContain('[REDACTED]');
      expect(summary).not.toMatch(/sk-ant-api03|hunter2|abc123secret|s3cr3tpass|abcdef"?$|AKIAIOSFODNN7/);
    });

    it('never appear in a phrase, whatever the command carried', () => {
      expect(describeCommand('GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 npm ci')).toBe('Installing dependencies');
      expect(describeCommand('git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/acme/shop.git')).toBe('Downloading shop');
    });
  });
});
