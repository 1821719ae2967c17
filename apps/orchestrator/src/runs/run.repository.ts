import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ContentBlock, StopReason, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { randomUUID } from 'node:crypto';
import { DataSource, In, IsNull, Not } from 'typeorm';
import type { RunStatus } from '@cofounder/contracts';
import type { ErrorRetryRecord } from './agent-loop/guards/retry-budget';
import { ErrorRetryEntity } from './error-retry.entity';
import { EscalationEntity } from './escalation.entity';
import { ModelReply, ToolCall } from './agent-loop/model-reply';
import {
  AnsweredEscalation, AwakenFrom, ContextState, EscalationAnswer, EscalationRecord, NewEscalation, NewRun, PinnedModel, RunChanges, RunRecord, RunSleepRecord, RunStore,
  StoredMessage, ToolExecutionRecord, ToolOutcome,
} from './ports';
import { RunMessageEntity } from './run-message.entity';
import { RunEntity } from './run.entity';
import { ToolExecutionEntity } from './tool-execution.entity';

const assistantSeq = (turn: number) => 2 * turn - 1;
const toolResultsSeq = (turn: number) => 2 * turn;

/** A note joins the user message after the turn's reply, once: saving it again changes nothing. */
const APPEND_NOTE = `
  INSERT INTO orchestrator.run_messages AS m (run_id, seq, turn, role, content, created_at)
  VALUES ($1, $2, $3, 'user', $4::jsonb, $5)
  ON CONFLICT (run_id, seq) DO UPDATE SET content = m.content || EXCLUDED.content
  WHERE NOT m.content @> EXCLUDED.content`;
const noteBlock = (text: string) => JSON.stringify([{ type: 'text', text }]);

/** The run's checkpoint in PostgreSQL; every insert is keyed so a redelivered step repeats nothing. */
@Injectable()
export class RunRepository extends RunStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async create(run: NewRun, now: Date): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const { raw } = await em.createQueryBuilder().insert().into(RunEntity).values({
        ...run, status: 'running', reason: null, summary: null, turn: 0, toolCalls: 0, toolCallAllowance: 0,
        guardsFromTurn: 0, nudgedTurn: null, resumedTurn: null, contextFromSeq: 0, contextNote: null, clearedThrough: 0, tokenRatio: 1, learnedContextWindow: null,
        awakeSince: now, sleepingUntil: null, sandboxId: null, snapshot: null, createdAt: now, updatedAt: now,
      }).orIgnore().returning('id').execute();
      if (!(raw as unknown[]).length) return false;
      await em.insert(RunMessageEntity, {
        runId: run.id, seq: 0, turn: 0, role: 'user', content: run.goal, responseId: null, stopReason: null, usage: null, createdAt: now,
      });
      return true;
    });
  }

  async find(runId: string): Promise<RunRecord | null> {
    return this.db.getRepository(RunEntity).findOneBy({ id: runId });
  }

  async findOwned(runId: string, ownerId: string): Promise<RunEntity | null> {
    return this.db.getRepository(RunEntity).findOneBy({ id: runId, ownerId });
  }

  async history(runId: string): Promise<StoredMessage[]> {
    const rows = await this.db.getRepository(RunMessageEntity).find({ where: { runId }, order: { seq: 'ASC' } });
    return rows.map((row) => ({
      seq: row.seq,
      turn: row.turn,
      role: row.role,
      content: row.content,
      at: row.createdAt,
      reply: row.role === 'assistant' && row.responseId ? {
        responseId: row.responseId,
        content: row.content as ContentBlock[],
        stopReason: row.stopReason as StopReason | null,
        usage: {
          inputTokens: row.usage?.inputTokens ?? 0,
          outputTokens: row.usage?.outputTokens ?? 0,
          cacheCreationInputTokens: row.usage?.cacheCreationInputTokens ?? 0,
          cacheReadInputTokens: row.usage?.cacheReadInputTokens ?? 0,
        },
      } : null,
    }));
  }

  /** One statement: the reply and the checkpoint move together, in one round trip. */
  async saveReply(runId: string, turn: number, reply: ModelReply, now: Date): Promise<void> {
    await this.db.query(`
      WITH saved AS (
        INSERT INTO orchestrator.run_messages (run_id, seq, turn, role, content, response_id, stop_reason, usage, created_at)
        VALUES ($1, $2, $3, 'assistant', $4, $5, $6, $7, $8)
        ON CONFLICT DO NOTHING
      )
      UPDATE orchestrator.runs SET turn = GREATEST(turn, $3), updated_at = $8 WHERE id = $1`,
    [runId, assistantSeq(turn), turn, JSON.stringify(reply.content), reply.responseId, reply.stopReason, JSON.stringify(reply.usage), now]);
  }

  async toolExecutions(runId: string, turn: number): Promise<ToolExecutionRecord[]> {
    const rows = await this.db.getRepository(ToolExecutionEntity).findBy({ runId, turn });
    return rows.map((row) => ({
      toolUseId: row.toolUseId,
      status: row.status,
      outcome: row.status === 'completed' ? {
        output: row.output ?? '', isError: row.isError ?? false, exitCode: row.exitCode ?? undefined, durationMs: row.durationMs ?? 0,
      } : null,
    }));
  }

  async markToolStarted(runId: string, turn: number, call: ToolCall, now: Date): Promise<void> {
    await this.db.createQueryBuilder().insert().into(ToolExecutionEntity).values({
      runId, toolUseId: call.id, turn, tool: call.name, status: 'started', output: null, isError: null, exitCode: null,
      durationMs: null, startedAt: now, completedAt: null,
    }).orIgnore().execute();
  }

  async saveToolOutcome(runId: string, toolUseId: string, outcome: ToolOutcome, now: Date): Promise<void> {
    await this.db.getRepository(ToolExecutionEntity).update({ runId, toolUseId }, {
      status: 'completed', output: outcome.output, isError: outcome.isError, exitCode: outcome.exitCode ?? null,
      durationMs: outcome.durationMs, completedAt: now,
    });
  }

  /** One statement: the calls are counted only if this insert is the one that saved the results. */
  async saveToolResults(runId: string, turn: number, results: ToolResultBlockParam[], now: Date): Promise<void> {
    await this.db.query(`
      WITH saved AS (
        INSERT INTO orchestrator.run_messages (run_id, seq, turn, role, content, created_at)
        VALUES ($1, $2, $3, 'user', $4, $5)
        ON CONFLICT DO NOTHING
        RETURNING seq
      )
      UPDATE orchestrator.runs SET tool_calls = tool_calls + $6, updated_at = $5
      WHERE id = $1 AND EXISTS (SELECT 1 FROM saved)`,
    [runId, toolResultsSeq(turn), turn, JSON.stringify(results), now, results.length]);
  }

  async openEscalation(runId: string, turn: number, escalation: NewEscalation, now: Date): Promise<EscalationRecord> {
    await this.db.createQueryBuilder().insert().into(EscalationEntity).values({
      id: randomUUID(), runId, turn, ...escalation, action: null, guidance: null, createdAt: now, resolvedAt: null,
    }).orIgnore().execute();
    return (await this.openEscalationOf(runId))!;
  }

  async openEscalationOf(runId: string): Promise<EscalationRecord | null> {
    return this.db.getRepository(EscalationEntity).findOneBy({ runId, resolvedAt: IsNull() });
  }

  async answerEscalation(escalation: EscalationRecord, answer: EscalationAnswer, now: Date): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const { affected } = await em.update(EscalationEntity, { id: escalation.id, resolvedAt: IsNull() }, {
        action: answer.action, guidance: answer.guidance, resolvedAt: now,
      });
      if (!affected) return false;
      if (answer.note) await em.query(APPEND_NOTE, [escalation.runId, toolResultsSeq(escalation.turn), escalation.turn, noteBlock(answer.note), now]);
      // The founder has spoken: tries and loop patterns are counted afresh from here.
      await em.delete(ErrorRetryEntity, { runId: escalation.runId });
      await em.query(`
        UPDATE orchestrator.runs SET status = $2, reason = $3, tool_call_allowance = tool_call_allowance + $4,
          guards_from_turn = $5, nudged_turn = NULL, resumed_turn = $7, updated_at = $6,
          awake_since = CASE WHEN $8 THEN $6 ELSE awake_since END
        WHERE id = $1`,
      [escalation.runId, answer.status, answer.reason, answer.grantToolCalls, escalation.turn, now, answer.resumeTurn, answer.newAwakePeriod ?? false]);
      return true;
    });
  }

  async lastAnsweredEscalation(runId: string): Promise<AnsweredEscalation | null> {
    const found = await this.db.getRepository(EscalationEntity).findOne({ where: { runId, resolvedAt: Not(IsNull()) }, order: { resolvedAt: 'DESC' } });
    return found && found.action ? { ...found, action: found.action } : null;
  }

  async appendNote(runId: string, turn: number, text: string, now: Date): Promise<void> {
    await this.db.query(APPEND_NOTE, [runId, toolResultsSeq(turn), turn, noteBlock(text), now]);
  }

  async markNudged(runId: string, turn: number, now: Date): Promise<void> {
    await this.db.getRepository(RunEntity).update({ id: runId }, { nudgedTurn: turn, updatedAt: now });
  }

  async errorRetries(runId: string): Promise<ErrorRetryRecord[]> {
    return (await this.db.getRepository(ErrorRetryEntity).findBy({ runId })).map((row) => row.record);
  }

  async saveErrorRetries(runId: string, changes: { save: ErrorRetryRecord[]; clear: string[] }, now: Date): Promise<void> {
    if (!changes.save.length && !changes.clear.length) return;
    await this.db.transaction(async (em) => {
      if (changes.clear.length) await em.delete(ErrorRetryEntity, { runId, signature: In(changes.clear) });
      if (changes.save.length) {
        await em.upsert(ErrorRetryEntity, changes.save.map((record) => ({ runId, signature: record.signature, record, updatedAt: now })), ['runId', 'signature']);
      }
    });
  }

  async saveContextState(runId: string, state: Partial<ContextState>, now: Date): Promise<void> {
    await this.db.getRepository(RunEntity).update({ id: runId }, { ...state, updatedAt: now });
  }

  async setStatus(runId: string, status: RunStatus, details: RunChanges, now: Date): Promise<void> {
    await this.db.getRepository(RunEntity).update({ id: runId }, { status, ...details, updatedAt: now });
  }

  async transition(runId: string, from: readonly RunStatus[], to: RunStatus, details: RunChanges, now: Date): Promise<boolean> {
    const { affected } = await this.db.getRepository(RunEntity).update({ id: runId, status: In([...from]) }, { status: to, ...details, updatedAt: now });
    return (affected ?? 0) > 0;
  }

  async putToSleep(runId: string, sleep: RunSleepRecord, now: Date): Promise<boolean> {
    const { affected } = await this.db.getRepository(RunEntity).update({ id: runId, status: 'running' }, {
      status: 'sleeping', reason: sleep.reason, sleepingUntil: sleep.until, sandboxId: sleep.sandbox.sandboxId, snapshot: sleep.sandbox.snapshot, updatedAt: now,
    });
    return (affected ?? 0) > 0;
  }

  /** One conditional update: of two wakes at once (a redelivery, the founder's resume), one wins. */
  async awaken(runId: string, from: AwakenFrom, pin: PinnedModel, now: Date): Promise<boolean> {
    const { affected } = await this.db.getRepository(RunEntity).update(
      { id: runId, status: In([...from.statuses]), ...(from.sleepingUntil ? { sleepingUntil: from.sleepingUntil } : {}) },
      { status: 'running', reason: null, sleepingUntil: null, awakeSince: now, model: pin.model, tier: pin.tier, updatedAt: now },
    );
    return (affected ?? 0) > 0;
  }

  async withdrawOpenEscalation(runId: string, now: Date): Promise<void> {
    await this.db.getRepository(EscalationEntity).update({ runId, resolvedAt: IsNull() }, { resolvedAt: now });
  }
}
