import { Injectable } from '@nestjs/common';
import type { RunStatus } from '@cofounder/contracts';
import { RunStateStore } from '@cofounder/messaging';
import { RunRecord, RunStateMirror } from './ports';

@Injectable()
export class KvRunStateMirror extends RunStateMirror {
  constructor(private readonly kv: RunStateStore) {
    super();
  }

  update(run: Pick<RunRecord, 'id' | 'ownerId'>, status: RunStatus, now: Date): Promise<void> {
    return this.kv.put(run.id, { status, ownerId: run.ownerId, lastActivityAt: now.toISOString() });
  }
}
