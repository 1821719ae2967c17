import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  SandboxKill, SandboxPause, SandboxReplyV1, SandboxRequestV1, SandboxRestore, SandboxRestoreRequestV1, SandboxResume,
  SandboxSnapshot, SandboxSnapshotRequestV1,
} from '@cofounder/contracts';
import { SandboxLifecycle } from './sandbox-lifecycle.service';

/** sandbox.* over NATS request/reply, for the orchestrator and the scheduler. */
@Controller()
export class SandboxLifecycleController {
  constructor(private readonly lifecycle: SandboxLifecycle) {}

  @MessagePattern(SandboxPause.subject, { payload: SandboxRequestV1 })
  pause(@Payload() req: SandboxRequestV1): Promise<SandboxReplyV1> {
    return this.lifecycle.pause(req);
  }

  @MessagePattern(SandboxResume.subject, { payload: SandboxRequestV1 })
  resume(@Payload() req: SandboxRequestV1): Promise<SandboxReplyV1> {
    return this.lifecycle.resume(req);
  }

  @MessagePattern(SandboxSnapshot.subject, { payload: SandboxSnapshotRequestV1 })
  snapshot(@Payload() req: SandboxSnapshotRequestV1): Promise<SandboxReplyV1> {
    return this.lifecycle.snapshot(req, req.reason ?? 'manual', req.ifOlderThanMs);
  }

  @MessagePattern(SandboxRestore.subject, { payload: SandboxRestoreRequestV1 })
  restore(@Payload() req: SandboxRestoreRequestV1): Promise<SandboxReplyV1> {
    return this.lifecycle.restore(req, req.seq);
  }

  @MessagePattern(SandboxKill.subject, { payload: SandboxRequestV1 })
  kill(@Payload() req: SandboxRequestV1): Promise<SandboxReplyV1> {
    return this.lifecycle.kill(req);
  }
}
