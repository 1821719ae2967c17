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
    const output = `exit code: ${exitCode}${note}\nstdout:\n${section(stdout.finish())}\nstderr:\n${section(stderr.finish())}`;
    return { isError: exitCode !== 0, output, exitCode };
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
