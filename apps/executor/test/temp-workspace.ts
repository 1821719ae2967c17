import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvalidInput } from '@cofounder/contracts';
import { LocalSandbox } from '../src/sandbox/local/local-sandbox';
import { LocalSandboxProvider } from '../src/sandbox/local/local-sandbox.provider';
import { Sandbox } from '../src/sandbox/sandbox';
import { SandboxFileError } from '../src/sandbox/sandbox-errors';
import { Tool, ToolResult } from '../src/tools/tool';
import { ToolError } from '../src/tools/tool-error';

/**
 * A real workspace folder through the local provider, deliberately unconfined (commands run
 * on the host: the tools' own path checks are what these tests look at), and a folder beside it.
 */
export class TempWorkspace {
  readonly dataDir = mkdtempSync(path.join(tmpdir(), 'cf-tools-'));
  /** Outside the workspace: what escapes would reach. */
  readonly outside = path.join(this.dataDir, 'outside');
  sandbox!: Sandbox;
  /** The workspace's folder on this machine, for the test to arrange files in. */
  hostRoot!: string;

  async open(): Promise<Sandbox> {
    await mkdir(this.outside, { recursive: true });
    const provider = new LocalSandboxProvider({
      dataDir: this.dataDir, network: 'none', allowUnconfined: true, toolPath: '', env: {},
      memoryLimitMb: 512, cpuSeconds: 60, maxProcesses: 256, maxFileSizeMb: 100,
    });
    const sandbox = await provider.create('run-1');
    this.hostRoot = (sandbox as LocalSandbox).hostRoot;
    this.sandbox = sandbox;
    return sandbox;
  }

  /** Writes a file in the workspace, its mtime set to `mtimeSec` when given. */
  async file(rel: string, content: string | Buffer, mtimeSec?: number): Promise<string> {
    const file = path.join(this.hostRoot, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    if (mtimeSec !== undefined) await utimes(file, mtimeSec, mtimeSec);
    return file;
  }

  remove(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Runs a tool the way ToolExecUseCase does: failures the model can fix become error results. */
export async function runTool(tool: Tool, sandbox: Sandbox, input: Record<string, unknown>): Promise<ToolResult> {
  try {
    return await tool.run(input, { sandbox, signal: new AbortController().signal });
  } catch (err) {
    if (err instanceof InvalidInput) return { isError: true, output: `Invalid input for ${tool.name}: ${err.message}` };
    if (err instanceof ToolError || err instanceof SandboxFileError) return { isError: true, output: err.message };
    throw err;
  }
}
