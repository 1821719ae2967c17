import { SseClient, SseMessage } from './sse-client';
import { SimRequest, TestSystem } from './system';
import { ledgerOf } from './outage-probes';
import { waitFor } from './wait-for';

/** The model calls the simulator answered for the run: what the provider would have billed. */
export async function answeredTurns(system: TestSystem, runId: string): Promise<SimRequest[]> {
  return (await system.simRequests(runId)).filter((r) => r.kind === 'turn' && r.status === 200);
}

/** The run's whole event history (verbose), replayed once it has completed. */
export async function completedHistory(system: TestSystem, token: string, runId: string): Promise<SseMessage[]> {
  const sse = await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events?verbose=true`, { Authorization: `Bearer ${token}` });
  await sse.until((m) => m.event === 'run.completed', 'run.completed in the replay');
  sse.close();
  return sse.messages;
}

/**
 * Nothing doubled, nothing lost: no event twice in the run's history, and billing's ledger holds
 * every response the model gave, once, with the tokens the model reported.
 */
export async function expectBilledOnce(system: TestSystem, runId: string, history: SseMessage[]): Promise<void> {
  const keys = history.map((m) => JSON.stringify({ ...m.data, at: undefined }));
  expect(new Set(keys).size).toBe(keys.length);
  const turns = await answeredTurns(system, runId);
  const ledger = await waitFor(async () => {
    const rows = await ledgerOf(system, runId);
    return rows.length >= turns.length ? rows : undefined;
  }, 'every response in the ledger');
  expect(ledger.map((r) => r.usage_id).sort()).toEqual(turns.map((t) => t.response.id).sort());
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  expect(sum(ledger.map((r) => r.input_tokens))).toBe(sum(turns.map((t) => t.response.usage!.input_tokens)));
  expect(sum(ledger.map((r) => r.output_tokens))).toBe(sum(turns.map((t) => t.response.usage!.output_tokens)));
}
