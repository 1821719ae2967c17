import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { LocalSandboxProvider, SandboxUnavailable } from './local-sandbox.provider';

describe('LocalSandboxProvider without bubblewrap', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cf-provider-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses to start, saying how to install it', () => {
    // toolPath '': a machine where no program is found.
    const start = () => new LocalSandboxProvider({ dataDir, memoryLimitMb: 256, toolPath: '' });
    expect(start).toThrow(SandboxUnavailable);
    expect(start).toThrow('apt-get install bubblewrap');
  });

  it('starts unconfined only when the configuration allows it, with a warning each time', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const provider = new LocalSandboxProvider({ dataDir, memoryLimitMb: 256, toolPath: '', allowUnconfined: true });
    expect(provider.confined).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ msg: expect.stringContaining('unconfined') }));
    warn.mockRestore();
  });
});
