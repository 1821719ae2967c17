import { HistoryMessage } from '../../apps/orchestrator/src/runs/agent-loop/context/history';
import { assertWellFormed } from '../../apps/orchestrator/src/runs/agent-loop/context/history-invariants';
import { FounderApi } from '../support/founder-api';
import { SseClient } from '../support/sse-client';
import { TestSystem } from '../support/system';

const TURNS = 500;
const WINDOW = 30_000;

describe('a 500-turn run with large tool results against a 30,000-token window, configured right', () => {
  // The cap ends the soak: the run asks to go on after exactly TURNS tool calls.
  const system = new TestSystem({ config: { tiers: { dev: { toolCallCap: TURNS } }, models: { 'cofounder-sim': { contextWindow: WINDOW } } } });
  let api: FounderApi;

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:soak-${Date.now()}`);
  });
  afterAll(() => system.stop());

  it('never sends a prompt that is too long, nor an orphan tool_result', async () => {
    // Each turn greps ~17 KB out of a file written once: results over their share of the window
    // (an eighth), so every one is cut, without 500 sandboxed commands.
    const runId = await api.startRun(await api.createProject(), 'Keep checking the build [scenario:soak]');
    const sse = await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events`, { Authorization: `Bearer ${api.token}` });
    await sse.until((m) => m.event === 'escalation.required', 'the cap after 500 turns', 600_000);
    sse.close();

    const log = await system.simRequests(runId);
    const turns = log.filter((r) => r.kind === 'turn');
    expect(turns).toHaveLength(TURNS + 1);
    expect(log.filter((r) => r.status !== 200)).toEqual([]);
    // Both rules were needed to get through: old results were cleared, and the history compacted.
    expect(log.filter((r) => r.kind === 'compact').length).toBeGreaterThan(1);
    expect(turns.filter((r) => JSON.stringify(r.body.messages).includes('[cleared to save room')).length).toBeGreaterThan(TURNS / 2);
    for (const [i, request] of turns.entries()) {
      expect({ turn: i + 1, problems: assertWellFormed(request.body.messages as HistoryMessage[]) }).toEqual({ turn: i + 1, problems: [] });
    }
    expect(JSON.stringify(turns.at(-1)!.body.messages[0])).toContain('Keep checking the build');
    // The results reached the model cut to their share of the window, head and tail kept.
    expect(JSON.stringify(turns.at(-1)!.body.messages.at(-1))).toMatch(/build\.log:1:x+[^]*chars cut[^]*build\.log:34:x+/);
  }, 900_000);
});
