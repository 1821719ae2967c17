import { levelsFrom } from './json-logger';

describe('LOG_LEVEL', () => {
  it('keeps the level named and every more severe one', () => {
    expect(levelsFrom('warn')).toEqual(['fatal', 'error', 'warn']);
    expect(levelsFrom('verbose')).toContain('debug');
    expect(levelsFrom('log')).not.toContain('debug');
  });

  it('refuses a level it does not know, naming the choices', () => {
    expect(() => levelsFrom('loud')).toThrow(/fatal, error, warn, log, debug, verbose/);
  });
});
