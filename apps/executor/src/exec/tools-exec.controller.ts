import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ToolExecReplyV1, ToolExecRequestV1, ToolsExec } from '@cofounder/contracts';
import { ToolExecUseCase } from './tool-exec.use-case';

/** tools.exec over NATS request/reply; the caller sets its own timeout for long commands. */
@Controller()
export class ToolsExecController {
  constructor(private readonly toolExec: ToolExecUseCase) {}

  @MessagePattern(ToolsExec.subject, { payload: ToolExecRequestV1 })
  handle(@Payload() request: ToolExecRequestV1): Promise<ToolExecReplyV1> {
    return this.toolExec.execute(request);
  }
}
