import { Injectable } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Min, MinLength } from 'class-validator';
import { decode } from '@cofounder/contracts';
import { CofounderConfig } from '@cofounder/config';
import { ExecOutcome } from '../sandbox/sandbox';
import { Tool, ToolContext, ToolResult } from './tool';
import { ToolOutputCapture } from './tool-output-capture';

export class BashInput {
  @IsString() @MinLength(1) command!: string;
  @IsOptional() @IsInt() @Min(1) timeout_ms?: number;
}

/** The exit code `timeout(1)` uses, which the model knows. */
const TIMED_OUT_EXIT_CODE = 124;
/** As for Ctrl-C: the command was stopped from outside. */
const ABORTED_EXIT_CODE = 130;

/** 128 + SIGXCPU and 128 + SIGXFSZ: the kernel stopped a process at its limit. */
const CPU_LIMIT_EXIT_CODE = 152;
const FILE_SIZE_LIMIT_EXIT_CODE = 153;
/** What programs print when an allocation fails (bash, coreutils, node, python, C++). */
const OUT_OF_MEMORY = /cannot allocate memory|memory exhausted|out of memory|allocation failed|MemoryError|bad_alloc/i;
/** bash's words when fork fails at the process limit. */
const FORK_FAILED = /fork: (retry: )?Resource temporarily unavailable/;

function section(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

@Injectable()
export class BashTool implements Tool {
  readonly name = 'bash';

  constructor(private readonly config: CofounderConfig) {}

  async run(input: Record<string, unknown>, { sandbox, signal }: ToolContext): Promise<ToolResult> {
    const { command, timeout_ms } = decode(BashInput, input);
    const { toolTimeoutMs, toolTimeoutMaxMs, toolOutputChars } = this.config.limits;
    const timeoutMs = Math.min(timeout_ms ?? toolTimeoutMs, toolTimeoutMaxMs);
    const stdout = new ToolOutputCapture(toolOutputChars);
    const stderr = new ToolOutputCapture(toolOutputChars);
    const outcome = await sandbox.exec(command, {
      timeoutMs,
      signal,
      onOutput: (stream, data) => (stream === 'stdout' ? stdout : stderr).write(data),
    });
    const { exitCode, note } = this.describe(outcome, timeoutMs);
    const [out, err] = [stdout.finish(), stderr.finish()];
    const limit = this.limitHit(exitCode, `${out}\n${err}`);
    const output = `exit code: ${exitCode}${note}${limit}\nstdout:\n${section(out)}\nstderr:\n${section(err)}`;
    return { isError: exitCode !== 0, output, exitCode };
  }

  /** A note when the command ran into one of the sandbox's limits, so the model knows why and can change course. */
  private limitHit(exitCode: number, output: string): string {
    const limits = () => this.config.sandbox;
    if (exitCode === CPU_LIMIT_EXIT_CODE || output.includes('CPU time limit exceeded')) {
      return ` (stopped: it used more than ${limits().cpuSeconds} s of CPU time, the limit for each process)`;
    }
    if (exitCode === FILE_SIZE_LIMIT_EXIT_CODE || output.includes('File size limit exceeded')) {
      return ` (stopped: it wrote a file larger than ${limits().maxFileSizeMb} MB, the limit for each file)`;
    }
    if (FORK_FAILED.test(output)) {
      return ` (it tried to run more than ${limits().maxProcesses} processes at once, the limit: new processes were refused` +
        `${exitCode === TIMED_OUT_EXIT_CODE ? ', and at the timeout every process it started was killed' : ''})`;
    }
    if (exitCode !== 0 && OUT_OF_MEMORY.test(output)) {
      return ` (it ran out of memory: a command may allocate at most ${limits().memoryLimitMb} MB)`;
    }
    return '';
  }

  private describe(outcome: ExecOutcome, timeoutMs: number): { exitCode: number; note: string } {
    switch (outcome.kind) {
      case 'exited':
        return { exitCode: outcome.exitCode, note: '' };
      case 'timed_out':
        return { exitCode: TIMED_OUT_EXIT_CODE, note: ` (timed out after ${timeoutMs} ms; the command and every process it started were killed)` };
      case 'aborted':
        return { exitCode: ABORTED_EXIT_CODE, note: ' (stopped: the executor is shutting down; run it again)' };
    }
  }
}
