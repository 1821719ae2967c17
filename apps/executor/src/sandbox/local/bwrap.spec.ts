import { bwrapArgs } from './bwrap';

describe('bwrapArgs', () => {
  const args = bwrapArgs({ workspace: '/data/sandboxes/run-1', readOnly: ['/opt/node/bin', '/usr/bin'] }, ['bash', '-c', 'ls']);

  it('binds the system read-only, skipping folders that do not exist', () => {
    for (const dir of ['/usr', '/bin', '/lib', '/lib64', '/etc', '/opt/node/bin']) {
      expect(args.join(' ')).toContain(`--ro-bind-try ${dir} ${dir}`);
    }
    // Already inside /usr: not bound twice.
    expect(args.join(' ')).not.toContain('/usr/bin /usr/bin');
  });

  it('makes the workspace the one writable folder and the working directory, at its own path', () => {
    expect(args.join(' ')).toContain('--bind /data/sandboxes/run-1 /data/sandboxes/run-1');
    expect(args.join(' ')).toContain('--chdir /data/sandboxes/run-1');
  });

  it('unshares every namespace and dies with the executor, staying in its process group', () => {
    expect(args).toContain('--unshare-all');
    expect(args).toContain('--die-with-parent');
    expect(args).not.toContain('--new-session');
  });

  it('ends with the command after --', () => {
    expect(args.slice(-4)).toEqual(['--', 'bash', '-c', 'ls']);
  });
});
