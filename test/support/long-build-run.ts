import { InputTokens, inputTokensOf } from './cache-share';
import { FounderApi, RunShown } from './founder-api';
import { SseClient } from './sse-client';
import { SimRequest, TestSystem } from './system';
import { waitFor } from './wait-for';

export interface LongBuildRun {
  /** The run as GET /v1/runs/:runId shows it once billing has announced every call. */
  shown: RunShown;
  /** What the simulator received and answered. */
  log: SimRequest[];
  /** The input tokens the simulator reported, by kind. */
  sent: InputTokens;
}

/**
 * The reference run: the `long-build` scenario (a bash command printing about 3 KB each turn)
 * until the tier's tool-call cap stops it, read back once the run view has caught up with the
 * simulator's usage (billing announces each settle after the run has moved on).
 */
export async function longBuildRun(system: TestSystem, api: FounderApi, within: number): Promise<LongBuildRun> {
  const runId = await api.startRun(await api.createProject(), 'Keep the build green [scenario:long-build]');
  const sse = await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events`, { Authorization: `Bearer ${api.token}` });
  await sse.until((m) => m.event === 'escalation.required', 'the tool-call cap', within);
  sse.close();
  const log = await system.simRequests(runId);
  const sent = inputTokensOf(log);
  const shown = await waitFor(async () => {
    const run = await api.run(runId);
    return run.cacheReadInputTokens === sent.cacheRead && run.inputTokens === sent.uncached ? run : undefined;
  }, 'the run view to show every call\'s input tokens');
  return { shown, log, sent };
}
