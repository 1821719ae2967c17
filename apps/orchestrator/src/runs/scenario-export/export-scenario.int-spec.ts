import { randomUUID } from 'node:crypto';
import type { ContentBlock } from '@anthropic-ai/sdk/resources/messages';
import { DataSource } from 'typeorm';
import type { CofounderConfig } from '@cofounder/config';
import { Conflict, NotFound } from '@cofounder/contracts';
import { dataSourceOptions, migrate } from '@cofounder/persistence';
import { createTestDatabase, TestDatabase } from '../../../../../test/support/test-database';
import type { ModelReply } from '../agent-loop/model-reply';
import { orchestratorSchema } from '../orchestrator-schema';
import { RunRepository } from '../run.repository';
import { ExportScenarioUseCase } from './export-scenario.use-case';
import { RunRepliesRepository } from './run-replies.repository';

describe('exporting a run\'s replies as a scenario, against a real PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let runs: RunRepository;
  let replies: RunRepliesRepository;
  let exportScenario: ExportScenarioUseCase;
  const now = new Date('2026-11-24T10:00:00Z');
  const config = { models: { 'cofounder-sim': { contextWindow: 120_000 } } } as unknown as CofounderConfig;

  beforeAll(async () => {
    db = await createTestDatabase('orch_replay');
    dataSource = await new DataSource(dataSourceOptions(db.url, orchestratorSchema)).initialize();
    await migrate(dataSource, 'orchestrator');
    runs = new RunRepository(dataSource);
    replies = new RunRepliesRepository(dataSource);
    exportScenario = new ExportScenarioUseCase(runs, replies, config);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const aliceRun = async () => {
    const run = { id: randomUUID(), projectId: randomUUID(), ownerId: 'dev_alice', goal: 'Build it', verbose: false, model: 'cofounder-sim', tier: 'dev' };
    await runs.create(run, now);
    return run;
  };
  const reply = (responseId: string, content: unknown[], stopReason: ModelReply['stopReason'] = 'tool_use'): ModelReply => ({
    responseId, content: content as ContentBlock[], stopReason,
    usage: { inputTokens: 100, outputTokens: 20, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
  });
  const toolUse = (id: string, command: string) => ({ type: 'tool_use', id, name: 'bash', input: { command } });

  /** Two turns with tools, a founder's note, a compaction, then a last answer. */
  async function aRunThatWentThroughEverything() {
    const run = await aliceRun();
    const thinking = { type: 'thinking', thinking: 'First list the files.', signature: 'sig-1' };
    await runs.saveReply(run.id, 1, reply('msg_1', [thinking, toolUse('toolu_a', 'ls')]), now);
    await runs.saveToolResults(run.id, 1, [{ type: 'tool_result', tool_use_id: 'toolu_a', content: 'a.txt' }], now);
    await runs.appendNote(run.id, 1, 'The founder says: use pnpm.', now);
    await runs.saveReply(run.id, 2, reply('msg_2', [toolUse('toolu_b', 'pnpm test')]), now);
    await runs.saveToolResults(run.id, 2, [{ type: 'tool_result', tool_use_id: 'toolu_b', content: 'ok' }], now);
    await runs.saveContextState(run.id, { contextFromSeq: 3, contextNote: 'Listed files; tests pass.', clearedThrough: 0, tokenRatio: 1 }, now);
    await runs.saveReply(run.id, 3, reply('msg_3', [{ type: 'text', text: 'Done.' }], 'end_turn'), now);
    return { run, thinking };
  }

  it('exports every turn\'s reply in order, from the first even after a compaction, and nothing else', async () => {
    const { run, thinking } = await aRunThatWentThroughEverything();
    const scenario = await exportScenario.execute({ runId: run.id, ownerId: 'dev_alice' });
    expect(scenario).toMatchObject({ name: `replay-${run.id}`, contextWindow: 120_000, repeatLast: false });
    expect(scenario.steps.map((s) => [s.stop_reason, s.content])).toEqual([
      ['tool_use', [thinking, { type: 'tool_use', name: 'bash', input: { command: 'ls' } }]],
      ['tool_use', [{ type: 'tool_use', name: 'bash', input: { command: 'pnpm test' } }]],
      ['end_turn', [{ type: 'text', text: 'Done.' }]],
    ]);
    expect(scenario.steps[0].usage).toEqual({ input_tokens: 100, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    expect(JSON.stringify(scenario)).not.toMatch(/pnpm\.|Listed files|a\.txt/);
  });

  it('gives another founder nothing: not the run, not its replies', async () => {
    const { run } = await aRunThatWentThroughEverything();
    await expect(exportScenario.execute({ runId: run.id, ownerId: 'dev_bob' })).rejects.toThrow(NotFound);
    expect(await replies.ofOwnedRun({ runId: run.id, ownerId: 'dev_bob' })).toEqual([]);
    expect(await replies.ofOwnedRun({ runId: run.id, ownerId: 'dev_alice' })).toHaveLength(3);
  });

  it('refuses a run that has no reply yet, saying so', async () => {
    const run = await aliceRun();
    await expect(exportScenario.execute({ runId: run.id, ownerId: 'dev_alice' })).rejects.toThrow(Conflict);
  });
});
