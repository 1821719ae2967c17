import { ToolCallStatus } from '../src/tool-calls/tool-call.entity';
import { StoredToolResult, ToolCallKey, ToolCallRecord, ToolCallRepository } from '../src/tool-calls/tool-call.repository';

interface Row {
  ownerId: string;
  status: ToolCallStatus;
  instanceId: string;
  heartbeatAt: number;
  startedAt: number;
  result: StoredToolResult | null;
}

/** The tool-call table in a Map, on Date.now() (which jest's fake timers move), for unit tests. */
export class InMemoryToolCalls implements Pick<ToolCallRepository, keyof ToolCallRepository> {
  readonly rows = new Map<string, Row>();

  async claim(key: ToolCallKey, _tool: string, instanceId: string): Promise<boolean> {
    if (this.rows.has(id(key))) return false;
    this.rows.set(id(key), { ownerId: key.ownerId, status: 'running', instanceId, heartbeatAt: Date.now(), startedAt: Date.now(), result: null });
    return true;
  }

  async find(key: ToolCallKey, staleAfterMs: number): Promise<ToolCallRecord | null> {
    const row = this.owned(key);
    if (!row) return null;
    if (row.status === 'running') {
      return { status: 'running', instanceId: row.instanceId, startedAt: new Date(row.startedAt), stale: row.heartbeatAt < Date.now() - staleAfterMs };
    }
    return { status: row.status, result: row.result! };
  }

  async forgetRun(runId: string, ownerId: string): Promise<void> {
    for (const [rowId, row] of this.rows) if (rowId.startsWith(`${runId}\n`) && row.ownerId === ownerId) this.rows.delete(rowId);
  }

  async release(key: ToolCallKey, instanceId: string): Promise<void> {
    const row = this.owned(key);
    if (row?.status === 'running' && row.instanceId === instanceId) this.rows.delete(id(key));
  }

  async heartbeat(key: ToolCallKey, instanceId: string): Promise<boolean> {
    const row = this.owned(key);
    if (row?.status !== 'running' || row.instanceId !== instanceId) return false;
    row.heartbeatAt = Date.now();
    return true;
  }

  async finish(key: ToolCallKey, instanceId: string, result: StoredToolResult): Promise<boolean> {
    const row = this.owned(key);
    if (row?.status !== 'running' || row.instanceId !== instanceId) return false;
    Object.assign(row, { status: 'finished', result });
    return true;
  }

  async interruptIfStale(key: ToolCallKey, staleAfterMs: number, output: string): Promise<boolean> {
    const row = this.owned(key);
    if (row?.status !== 'running' || row.heartbeatAt >= Date.now() - staleAfterMs) return false;
    Object.assign(row, { status: 'interrupted', result: { isError: true, output, durationMs: Date.now() - row.startedAt } });
    return true;
  }

  private owned(key: ToolCallKey): Row | undefined {
    const row = this.rows.get(id(key));
    return row?.ownerId === key.ownerId ? row : undefined;
  }
}

function id(key: ToolCallKey): string {
  return `${key.runId}\n${key.toolUseId}`;
}
