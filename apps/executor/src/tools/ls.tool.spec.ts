import { SandboxEntry } from '../sandbox/sandbox';
import { LS_MAX_SHOWN, renderListing } from './ls.tool';

const entry = (name: string, type: SandboxEntry['type'] = 'file'): SandboxEntry => ({ name, type });

describe('renderListing', () => {
  it('sorts, and marks folders with / and links with @', () => {
    expect(renderListing([entry('src', 'directory'), entry('README.md'), entry('latest', 'symlink'), entry('.env')], true))
      .toBe('.env\nREADME.md\nlatest@\nsrc/');
  });

  it('shows at most 500 entries and says so', () => {
    const many = Array.from({ length: 700 }, (_, i) => entry(`f${String(i).padStart(4, '0')}`));
    const lines = renderListing(many, true).split('\n');
    expect(lines).toHaveLength(LS_MAX_SHOWN + 1);
    expect(lines[LS_MAX_SHOWN]).toBe('[... truncated: showing 500 of 700 entries ...]');
  });

  it('says when the folder holds more than was read', () => {
    expect(renderListing([entry('a')], false)).toMatch(/the folder holds more/);
  });

  it('says when the folder is empty', () => {
    expect(renderListing([], true)).toBe('(empty directory)');
  });
});
