import { rmSync } from 'node:fs';
import { FounderApi } from '../support/founder-api';
import { ledgerRowsOf, PACING, pacedConfig, writePacedScenarios } from '../support/paced-system';
import { SseClient } from '../support/sse-client';
import { TestSystem } from '../support/system';
import { waitFor } from '../support/wait-for';

const scenarios = writePacedScenarios([1, 2]);
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

describe('GET /v1/usage and the brakes of a founder paced by the day', () => {
  const system = new TestSystem({ config: pacedConfig(), scenarios: [scenarios] });

  beforeAll(() => system.start());
  afterAll(async () => {
    await system.stop();
    rmSync(scenarios, { recursive: true, force: true });
  });

  const founder = (name: string) => new FounderApi(system.gatewayUrl, `dev:${name}-${Date.now()}`);
  const events = (api: FounderApi, runId: string) => SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events`, { Authorization: `Bearer ${api.token}` });
  const turnCalls = async (runId: string) => (await system.simRequests(runId)).filter((r) => r.kind === 'turn').length;
  const sleeps = (sse: SseClient) => sse.messages.filter((m) => m.event === 'run.status' && m.data.status === 'sleeping');
  const untilSleeping = (sse: SseClient) => sse.until((m) => m.event === 'run.status' && m.data.status === 'sleeping', 'the run asleep', 4 * PACING.dayMs);
  const ended = (sse: SseClient) => sse.until((m) => m.event === 'run.completed', 'run.completed', 4 * PACING.dayMs);

  it('shows a new founder on the default tier, with the whole day\'s allowance and nothing spent', async () => {
    const usage = await founder('fresh').usage();
    expect(usage).toEqual({
      tier: 'bootstrapper', model: 'cofounder-sim', periodStart: expect.stringMatching(ISO), periodEnd: expect.stringMatching(ISO),
      budgetMicrodollars: PACING.budgetMicrodollars, spentMicrodollars: 0, spentTodayMicrodollars: 0,
      todayAllowanceMicrodollars: Math.floor(PACING.budgetMicrodollars / PACING.periodDays), projects: [],
    });
    expect(Date.parse(usage.periodEnd) - Date.parse(usage.periodStart)).toBe(PACING.periodDays * PACING.dayMs);
    expect((await fetch(`${system.gatewayUrl}/v1/usage`)).status).toBe(401);
  });

  it('adds up what the founder spent, project by project, as the ledger has it', async () => {
    const api = founder('spender');
    const [first, second] = [await api.createProject('first'), await api.createProject('second')];
    const runs = [await api.startRun(first, 'Two calls [scenario:work-2]'), await api.startRun(second, 'One call [scenario:work-1]')];
    for (const runId of runs) await ended(await events(api, runId));
    for (const runId of runs) {
      const calls = await turnCalls(runId);
      await waitFor(async () => ((await ledgerRowsOf(system.databaseUrl, runId)) === calls ? true : undefined), 'the calls in the ledger');
    }
    // A run's cost is the gateway's projection of billing's announcements, which follow each settle: equal once caught up.
    const { costs, usage } = await waitFor(async () => {
      const shown = { costs: await Promise.all(runs.map(async (runId) => (await api.run(runId)).costMicrodollars)), usage: await api.usage() };
      return shown.usage.spentMicrodollars === shown.costs[0] + shown.costs[1] ? shown : undefined;
    }, 'each run\'s cost as billing has it');
    expect(Math.min(...costs)).toBeGreaterThan(0);

    expect(usage.spentMicrodollars).toBe(costs[0] + costs[1]);
    expect(usage.spentTodayMicrodollars).toBeLessThanOrEqual(Math.min(usage.spentMicrodollars, usage.todayAllowanceMicrodollars));
    expect([...usage.projects].sort((a, b) => a.projectId.localeCompare(b.projectId))).toEqual(
      [{ projectId: first, spentMicrodollars: costs[0] }, { projectId: second, spentMicrodollars: costs[1] }].sort((a, b) => a.projectId.localeCompare(b.projectId)));
  });

  it('brakes a sleeping run: pause, then resume (it sleeps on while today is spent), then cancel (its wake finds it ended)', async () => {
    const api = founder('sleeper');
    // Two runs share the founder's day: both sleep until the next pacing day, so the witness's wake is the napper's too.
    const napper = await api.startRun(await api.createProject('napper'), 'Keep working [scenario:endless-work]');
    const witness = await api.startRun(await api.createProject('witness'), 'Keep working [scenario:endless-work]');
    const [napperSse, witnessSse] = [await events(api, napper), await events(api, witness)];
    const [napping, witnessSleep] = [await untilSleeping(napperSse), await untilSleeping(witnessSse)];
    const calls = await turnCalls(napper);

    expect(await api.brake(napper, 'pause')).toEqual({ status: 202, body: { status: 'paused' } });
    expect((await api.brake(napper, 'pause')).status).toBe(409);
    expect(await api.run(napper)).toMatchObject({ status: 'paused', reason: 'Paused by you.' });

    for (const from of ['paused', 'sleeping']) {
      const resumed = await api.brake(napper, 'resume');
      expect({ from, status: resumed.status }).toEqual({ from, status: 202 });
      // Billing is asked again: today is still spent, so the run is asleep again and asks the model nothing.
      await waitFor(async () => ((await api.run(napper)).status === 'sleeping' ? true : undefined), `asleep again after resuming from ${from}`);
    }
    expect(sleeps(napperSse).length).toBeGreaterThan(1);
    expect(await turnCalls(napper)).toBe(calls);

    expect(await api.brake(napper, 'cancel')).toEqual({ status: 202, body: { status: 'cancelled' } });
    await napperSse.ended();
    for (const action of ['pause', 'resume', 'cancel'] as const) expect((await api.brake(napper, action)).status).toBe(409);

    await witnessSse.until((m) => m.event === 'run.status' && m.data.status === 'running'
      && witnessSse.messages.indexOf(m) > witnessSse.messages.indexOf(witnessSleep), 'the witness awake', 4 * PACING.dayMs);
    expect(Date.parse(witnessSleep.data.wakeAt as string)).toBe(Date.parse(napping.data.wakeAt as string));
    expect(await api.run(napper)).toMatchObject({ status: 'cancelled' });
    expect(await turnCalls(napper)).toBe(calls);
    expect((await api.brake(witness, 'cancel')).status).toBe(202);
  });

  it('answers 503 with a plain JSON error while billing is down, and the figures again once it is back', async () => {
    const api = founder('outage');
    await system.kill('billing');
    const down = await api.call('GET', '/v1/usage');
    expect(down).toEqual({ status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: expect.any(String) } });
    expect(JSON.stringify(down.body)).not.toMatch(/\n\s+at |\/work\/|node_modules|dist\/|billing\.usage/);
    await system.startService('billing');
    expect((await api.usage()).tier).toBe('bootstrapper');
  });
});
