// Projects: unit (*.spec.ts, no I/O), integration (*.int-spec.ts, real NATS and
// PostgreSQL), e2e (test/e2e, the started services), e2e-idle (test/e2e-idle, the same but
// mostly waiting) and browser. SWC transforms; `tsc` type-checks apart.
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;

const libs = ['contracts', 'messaging', 'persistence', 'auth', 'observability', 'config', 'bootstrap'];
const shared = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: Object.fromEntries(libs.map((l) => [`^@cofounder/${l}$`, `<rootDir>/libs/${l}/src`])),
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'] },
    { ...shared, displayName: 'integration', setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'], testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'] },
    { ...shared, displayName: 'e2e', setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'], testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    // Long, mostly idle waits (minutes of a model overload): npm test runs them beside the e2e files, not after them.
    { ...shared, displayName: 'e2e-idle', setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'], testMatch: ['<rootDir>/test/e2e-idle/**/*.e2e-spec.ts'] },
    { ...shared, displayName: 'browser', setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'], testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
