import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ContentBlock, StopReason } from '@anthropic-ai/sdk/resources/messages';
import { DataSource } from 'typeorm';
import type { TokenUsage } from '../agent-loop/model-reply';
import type { RecordedReply } from './recorded-scenario';

/** A run as its founder names it: no query reaches a run's replies without its owner. */
export interface OwnedRun {
  runId: string;
  ownerId: string;
}

interface ReplyRow {
  content: ContentBlock[];
  stop_reason: StopReason | null;
  usage: Partial<TokenUsage> | null;
}

const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };

// A turn's reply is the assistant message with a response id; the goal, tool results and the
// founder's notes are user messages, and a compaction's summary is kept on the run, not here.
const OWNED_REPLIES = `
  SELECT m.content, m.stop_reason, m.usage
  FROM orchestrator.run_messages m
  JOIN orchestrator.runs r ON r.id = m.run_id
  WHERE m.run_id = $1 AND r.owner_id = $2 AND m.role = 'assistant' AND m.response_id IS NOT NULL
  ORDER BY m.seq`;

@Injectable()
export class RunRepliesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every turn's saved reply, oldest first; none when the run is not the owner's. */
  async ofOwnedRun(run: OwnedRun): Promise<RecordedReply[]> {
    const rows = (await this.db.query(OWNED_REPLIES, [run.runId, run.ownerId])) as ReplyRow[];
    return rows.map((row) => ({ content: row.content, stopReason: row.stop_reason, usage: { ...NO_USAGE, ...row.usage } }));
  }
}
