import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ToolCallEntity } from './tool-call.entity';

/** A call as its owner names it: every query takes all three. */
export interface ToolCallKey {
  runId: string;
  toolUseId: string;
  ownerId: string;
}

export interface StoredToolResult {
  isError: boolean;
  output: string;
  exitCode?: number;
  durationMs: number;
}

export type ToolCallRecord =
  | { status: 'running'; instanceId: string; startedAt: Date; /** no heartbeat for staleAfterMs: its executor is dead */ stale: boolean }
  | { status: 'finished' | 'interrupted'; result: StoredToolResult };

/**
 * The executor's table of tool calls. Times are the database's (`now()`), so instances whose
 * clocks disagree still agree on whose heartbeat is stale.
 */
@Injectable()
export class ToolCallRepository {
  constructor(@InjectRepository(ToolCallEntity) private readonly calls: Repository<ToolCallEntity>) {}

  /** Registers a new call as running here; false when it was known already (a repeat, or another instance won). */
  async claim(key: ToolCallKey, tool: string, instanceId: string): Promise<boolean> {
    const { raw } = await this.calls.createQueryBuilder().insert().into(ToolCallEntity)
      .values({
        ...key, tool, status: 'running', instanceId,
        heartbeatAt: () => 'now()', startedAt: () => 'now()',
        isError: null, output: null, exitCode: null, durationMs: null, endedAt: null,
      })
      .orIgnore().returning('run_id').execute();
    return (raw as unknown[]).length > 0;
  }

  /** The call for its owner; for anyone else null, exactly as for a call never made. */
  async find(key: ToolCallKey, staleAfterMs: number): Promise<ToolCallRecord | null> {
    const { entities, raw } = await this.calls.createQueryBuilder('c')
      .addSelect('c.heartbeat_at < now() - make_interval(secs => :secs)', 'stale')
      .where('c.run_id = :runId AND c.tool_use_id = :toolUseId AND c.owner_id = :ownerId', key)
      .setParameter('secs', staleAfterMs / 1000)
      .getRawAndEntities();
    const row = entities[0];
    if (!row) return null;
    if (row.status === 'running') {
      return { status: 'running', instanceId: row.instanceId, startedAt: row.startedAt, stale: (raw[0] as { stale: boolean }).stale };
    }
    return {
      status: row.status,
      result: { isError: row.isError ?? true, output: row.output ?? '', exitCode: row.exitCode ?? undefined, durationMs: row.durationMs ?? 0 },
    };
  }

  /** The run has ended: no step will ask for its calls again. */
  async forgetRun(runId: string, ownerId: string): Promise<void> {
    await this.calls.delete({ runId, ownerId });
  }

  /** Forgets a call this instance claimed but never started (no sandbox for it): asked again, it runs. */
  async release(key: ToolCallKey, instanceId: string): Promise<void> {
    await this.calls.delete({ ...key, instanceId, status: 'running' });
  }

  /** Tells other instances this one still runs the call; false when it no longer does (declared interrupted). */
  async heartbeat(key: ToolCallKey, instanceId: string): Promise<boolean> {
    const { affected } = await this.calls.createQueryBuilder().update(ToolCallEntity)
      .set({ heartbeatAt: () => 'now()' })
      .where({ ...key, instanceId, status: 'running' })
      .execute();
    return (affected ?? 0) > 0;
  }

  /** Keeps the result of a call this instance ran; false when it had been declared interrupted meanwhile. */
  async finish(key: ToolCallKey, instanceId: string, result: StoredToolResult): Promise<boolean> {
    const { affected } = await this.calls.createQueryBuilder().update(ToolCallEntity)
      .set({ status: 'finished', ...storedColumns(result), endedAt: () => 'now()' })
      .where({ ...key, instanceId, status: 'running' })
      .execute();
    return (affected ?? 0) > 0;
  }

  /**
   * Declares a running call interrupted, only if its heartbeat is stale: of two instances
   * asked at once one wins, and a live executor's call is never taken from it.
   */
  async interruptIfStale(key: ToolCallKey, staleAfterMs: number, output: string): Promise<boolean> {
    const { affected } = await this.calls.createQueryBuilder().update(ToolCallEntity)
      .set({
        status: 'interrupted', isError: true, output, exitCode: null, endedAt: () => 'now()',
        durationMs: () => 'GREATEST(0, round(extract(epoch FROM now() - started_at) * 1000))::int',
      })
      .where({ ...key, status: 'running' })
      .andWhere('heartbeat_at < now() - make_interval(secs => :secs)', { secs: staleAfterMs / 1000 })
      .execute();
    return (affected ?? 0) > 0;
  }
}

function storedColumns(result: StoredToolResult): Pick<ToolCallEntity, 'isError' | 'output' | 'exitCode' | 'durationMs'> {
  return { isError: result.isError, output: result.output, exitCode: result.exitCode ?? null, durationMs: result.durationMs };
}
