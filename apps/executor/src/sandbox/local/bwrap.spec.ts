import { BwrapOptions, bwrapArgs, HostSystem } from './bwrap';

describe('bwrapArgs', () => {
  const system: HostSystem = {
    folders: ['/usr', '/etc', '/home/dev/.nvm/versions/node/v20'],
    links: [{ path: '/bin', target: 'usr/bin' }, { path: '/lib64', target: 'usr/lib64' }],
    secretFiles: ['/etc/shadow'],
    secretFolders: ['/etc/ssl/private'],
  };
  const options: BwrapOptions = {
    workspace: '/data/sandboxes/run-1',
    system,
    env: { PATH: '/usr/bin', HOME: '/home/user/project', API_BASE: 'https://example.test' },
    waitForNetwork: false,
  };
  const args = bwrapArgs(options, ['bash', '-c', 'ls']);
  const text = args.join(' ');
  /** Where an option first appears, to check the order bubblewrap applies them in. */
  const at = (option: string) => text.indexOf(option);

  it('runs as an unprivileged user in new namespaces of every kind, with no capability', () => {
    expect(text).toContain('--unshare-all --unshare-user --uid 1000 --gid 1000 --cap-drop ALL');
    expect(args).not.toContain('--share-net');
  });

  it('binds a node installed under /home on top of the empty /home, not under it', () => {
    expect(at('--ro-bind /home/dev/.nvm')).toBeGreaterThan(at('--tmpfs /home'));
  });

  it('binds the system read-only and keeps its links as links', () => {
    for (const dir of system.folders) expect(text).toContain(`--ro-bind ${dir} ${dir}`);
    expect(text).toContain('--symlink usr/bin /bin');
    expect(text).toContain('--symlink usr/lib64 /lib64');
    expect(text).not.toMatch(/--bind \/(usr|etc)/);
  });

  it('masks what only root may read', () => {
    expect(text).toContain('--ro-bind /dev/null /etc/shadow');
    expect(text).toContain('--tmpfs /etc/ssl/private --remount-ro /etc/ssl/private');
    expect(at('--ro-bind /dev/null /etc/shadow')).toBeGreaterThan(at('--ro-bind /etc /etc'));
  });

  it('binds the workspace at /home/user/project, the working directory, in a read-only /home and root', () => {
    expect(text).toContain('--bind /data/sandboxes/run-1 /home/user/project');
    expect(text).toContain('--chdir /home/user/project');
    expect(at('--tmpfs /home')).toBeLessThan(at('--bind /data/sandboxes/run-1'));
    expect(at('--remount-ro /home')).toBeGreaterThan(at('--bind /data/sandboxes/run-1'));
    expect(text).toContain('--remount-ro /');
    expect(text).toContain('--tmpfs /tmp');
    expect(text).toContain('--proc /proc --dev /dev');
  });

  it('clears the environment and sets exactly the variables given', () => {
    expect(at('--clearenv')).toBeGreaterThan(-1);
    const set = [...text.matchAll(/--setenv (\S+) (\S+)/g)].map(([, name, value]) => [name, value]);
    expect(Object.fromEntries(set)).toEqual(options.env);
    expect(at('--setenv')).toBeGreaterThan(at('--clearenv'));
  });

  it('dies with the executor and stays in its process group', () => {
    expect(args).toContain('--die-with-parent');
    expect(args).not.toContain('--new-session');
  });

  it('waits for the outbound network only when asked: pid on fd 3, go-ahead on fd 4', () => {
    expect(args).not.toContain('--block-fd');
    expect(bwrapArgs({ ...options, waitForNetwork: true }, ['true']).join(' ')).toContain('--info-fd 3 --block-fd 4');
  });

  it('ends with the command after --, untouched', () => {
    expect(args.slice(-4)).toEqual(['--', 'bash', '-c', 'ls']);
  });
});
