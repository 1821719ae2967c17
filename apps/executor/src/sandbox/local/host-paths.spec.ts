import { HostPathFilter } from './host-paths';

describe('HostPathFilter', () => {
  const hostPaths = ['/srv/cf/.data/sandboxes/run-1', '/srv/cf/.data/sandboxes'];
  const text = 'cwd /srv/cf/.data/sandboxes/run-1/src, data /srv/cf/.data/sandboxes, é /srv/cf/.data/sandboxes/run-1';
  const expected = 'cwd /home/user/project/src, data /home/user/project, é /home/user/project';

  const through = (chunks: Buffer[]): string => {
    const filter = new HostPathFilter(hostPaths);
    return Buffer.concat([...chunks.map((c) => filter.write(c)), filter.end()]).toString('utf8');
  };

  it('rewrites paths split at every possible chunk boundary', () => {
    const bytes = Buffer.from(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(through([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe(expected);
    }
  });

  it('rewrites paths fed one byte at a time, and keeps other bytes as they are', () => {
    const bytes = Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0x00])]);
    const out = through([...bytes].map((b) => Buffer.from([b])));
    expect(Buffer.from(out, 'utf8').subarray(0, Buffer.byteLength(expected))).toEqual(Buffer.from(expected));
  });

  it('hides the paths in a whole text, the run\'s folder before the data directory it is in', () => {
    const filter = new HostPathFilter(hostPaths);
    expect(filter.hide('Error at /srv/cf/.data/sandboxes/run-1/src/a.js:3\n  in /srv/cf/.data/sandboxes (cwd), é'))
      .toBe('Error at /home/user/project/src/a.js:3\n  in /home/user/project (cwd), é');
  });

  it('holds back no more than a host path could need', () => {
    const filter = new HostPathFilter(hostPaths);
    expect(filter.write(Buffer.from('plain output\n')).toString()).toBe('plain output\n');
    expect(filter.write(Buffer.from('then /srv/c')).toString()).toBe('then ');
    expect(filter.end().toString()).toBe('/srv/c');
  });
});
