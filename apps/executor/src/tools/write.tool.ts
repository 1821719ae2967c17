import { Injectable } from '@nestjs/common';
import { IsString, MinLength } from 'class-validator';
import { decode } from '@cofounder/contracts';
import { Tool, ToolContext, ToolResult } from './tool';

export class WriteInput {
  @IsString() @MinLength(1) path!: string;
  @IsString() content!: string;
}

@Injectable()
export class WriteTool implements Tool {
  readonly name = 'write';

  async run(input: Record<string, unknown>, { sandbox }: ToolContext): Promise<ToolResult> {
    const { path, content } = decode(WriteInput, input);
    await sandbox.writeFile(path, content);
    return { isError: false, output: `Wrote ${Buffer.byteLength(content)} bytes to ${path}` };
  }
}
