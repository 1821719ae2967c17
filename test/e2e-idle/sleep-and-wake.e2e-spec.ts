import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import Stripe from 'stripe';
import { subscriptionEvent } from '../../apps/billing/test/stripe-fixtures';
import { FounderApi } from '../support/founder-api';
import { allowanceOfDay, ledgerRowsOf, PACING, pacedConfig, spendByDay, writePacedScenarios } from '../support/paced-system';
import { SseClient, SseMessage } from '../support/sse-client';
import { SimRequest, TestSystem } from '../support/system';
import { waitFor } from '../support/wait-for';

const STRIPE_SECRET = `whsec_${randomUUID().replaceAll('-', '')}`;
const scenarios = writePacedScenarios([6, 10]);
const DAYS = 4 * PACING.dayMs;

/** Every string inside a message's content, in order: tool results arrive as strings or text blocks. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join('\n');
  if (value && typeof value === 'object') return textOf((value as { content?: unknown; text?: unknown }).content ?? (value as { text?: unknown }).text ?? '');
  return '';
}

const okTurns = async (system: TestSystem, runId: string): Promise<SimRequest[]> =>
  (await system.simRequests(runId)).filter((r) => r.kind === 'turn' && r.status === 200);

describe('a run paced by its daily allowance sleeps and wakes on its own', () => {
  const system = new TestSystem({ config: pacedConfig(), scenarios: [scenarios], env: { STRIPE_WEBHOOK_SECRET: STRIPE_SECRET } });

  beforeAll(async () => {
    await system.start();
  });
  afterAll(async () => {
    await system.stop();
    rmSync(scenarios, { recursive: true, force: true });
  });

  const founder = (name: string) => {
    const user = `${name}-${Date.now()}`;
    return { api: new FounderApi(system.gatewayUrl, `dev:${user}`), ownerId: `dev_${user}` };
  };
  const events = (api: FounderApi, runId: string) => SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events`, { Authorization: `Bearer ${api.token}` });
  const statuses = (sse: SseClient, status: string) => sse.messages.filter((m) => m.event === 'run.status' && m.data.status === status);
  const nthStatus = (sse: SseClient, status: string, n: number) =>
    sse.until(() => statuses(sse, status).length >= n, `run.status ${status} #${n}`, DAYS).then(() => statuses(sse, status)[n - 1]);
  /** Every call the simulator answered is in the ledger: the day's figures are final. */
  const settled = (runId: string) => waitFor(async () => {
    const answered = (await okTurns(system, runId)).length;
    return (await ledgerRowsOf(system.databaseUrl, runId)) === answered ? answered : undefined;
  }, 'the run\'s calls in the ledger');
  const wakeAfter = (sse: SseClient, sleep: SseMessage) => sse.until((m) => m.event === 'run.status' && m.data.status === 'running'
    && sse.messages.indexOf(m) > sse.messages.indexOf(sleep), 'the wake', DAYS);

  it('works three days: sleeps twice, wakes twice and completes, each day within its allowance and the workspace intact', async () => {
    const { api, ownerId } = founder('three-days');
    const runId = await api.startRun(await api.createProject('three days'), 'Work for three days [scenario:work-10]');
    const sse = await events(api, runId);
    let spentBefore = 0;
    for (const day of [0, 1]) {
      const sleep = await nthStatus(sse, 'sleeping', day + 1);
      expect(sleep.data).toMatchObject({ reason: expect.any(String), wakeAt: expect.any(String), forecastMicrodollars: expect.any(Number) });
      expect(Number.isInteger(sleep.data.forecastMicrodollars)).toBe(true);
      expect(await api.run(runId)).toMatchObject({ status: 'sleeping', sleepingUntil: sleep.data.wakeAt, reason: expect.any(String) });
      await settled(runId);
      const usage = await api.usage();
      // It sleeps until the next pacing day, on today's allowance as docs/billing.md computes it.
      expect(Date.parse(sleep.data.wakeAt as string)).toBe(Date.parse(usage.periodStart) + (day + 1) * PACING.dayMs);
      expect(usage.todayAllowanceMicrodollars).toBe(allowanceOfDay(day, spentBefore));
      expect(usage.spentTodayMicrodollars).toBeLessThanOrEqual(usage.todayAllowanceMicrodollars);
      spentBefore = usage.spentMicrodollars;
      const wake = await wakeAfter(sse, sleep);
      expect(Date.parse(wake.data.at as string)).toBeGreaterThanOrEqual(Date.parse(sleep.data.wakeAt as string));
    }
    await sse.until((m) => m.event === 'run.completed', 'run.completed', DAYS);
    expect(statuses(sse, 'sleeping')).toHaveLength(2);

    const usage = await api.usage();
    const days = await spendByDay(system.databaseUrl, ownerId, new Date(usage.periodStart));
    let before = 0;
    const lines = days.map((d) => {
      const allowance = allowanceOfDay(d.day, before);
      before += d.spentMicrodollars;
      return { ...d, allowance };
    });
    console.log(`sleep-and-wake, day by day (budget ${PACING.budgetMicrodollars} µ$ over ${PACING.periodDays} days):\n${
      lines.map((d) => `  day ${d.day + 1}: ${d.calls} calls, spent ${d.spentMicrodollars} µ$ of an allowance of ${d.allowance} µ$`).join('\n')}\n  total ${before} µ$`);
    expect(lines.map((d) => d.day)).toEqual([0, 1, 2]);
    for (const d of lines) expect(d.spentMicrodollars).toBeLessThanOrEqual(d.allowance);
    expect(before).toBe(usage.spentMicrodollars);
    expect(before).toBeLessThanOrEqual(PACING.budgetMicrodollars);

    // turn-1 … turn-4 were written on the first day, turn-5 … turn-8 on the second: the last command reads them all.
    const turns = await okTurns(system, runId);
    expect(turns).toHaveLength(10);
    const lastResult = textOf(turns.at(-1)!.body.messages.at(-1)!.content);
    expect(lastResult).toContain(Array.from({ length: 9 }, (_, i) => `turn-${i + 1}`).join('\n'));
  });

  it('restores a sandbox that vanished while the run slept from its snapshot', async () => {
    const { api } = founder('vanished');
    const runId = await api.startRun(await api.createProject('vanished'), 'Work for two days [scenario:work-6]');
    const sse = await events(api, runId);
    const sleep = await nthStatus(sse, 'sleeping', 1);
    const workspace = path.join(system.sandboxesDir, runId);
    expect(existsSync(path.join(workspace, 'progress.txt'))).toBe(true);
    rmSync(workspace, { recursive: true, force: true });

    const restored = await sse.until((m) => m.event === 'sandbox.restored', 'sandbox.restored', DAYS);
    expect(sse.messages.indexOf(restored)).toBeGreaterThan(sse.messages.indexOf(sleep));
    expect(JSON.stringify(restored.data)).not.toContain(system.sandboxesDir);
    await sse.until((m) => m.event === 'run.completed', 'run.completed', DAYS);
    const turns = await okTurns(system, runId);
    expect(textOf(turns.at(-1)!.body.messages.at(-1)!.content)).toContain(['turn-1', 'turn-2', 'turn-3', 'turn-4', 'turn-5'].join('\n'));
  });

  it('gives the model of a tier bought while the run slept after it wakes, and not before', async () => {
    const { api, ownerId } = founder('upgrade');
    const runId = await api.startRun(await api.createProject('upgrade'), 'Work for two days [scenario:work-6]');
    const sse = await events(api, runId);
    const sleep = await nthStatus(sse, 'sleeping', 1);
    expect((await api.run(runId)).model).toBe('cofounder-sim');

    const now = Math.floor(Date.now() / 1000);
    const payload = JSON.stringify(subscriptionEvent({
      eventId: `evt_${randomUUID()}`, created: now, subscriptionId: `sub_${randomUUID()}`, founderId: ownerId,
      priceId: PACING.upgradePriceId, periodStart: now, periodEnd: now + (PACING.periodDays * PACING.dayMs) / 1000,
    }), null, 2);
    const webhook = await fetch(`http://127.0.0.1:${system.ports.billing}/stripe/webhook`, {
      method: 'POST', body: payload,
      headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_SECRET }) },
    });
    expect({ status: webhook.status, body: await webhook.json() }).toEqual({ status: 200, body: { received: true } });
    expect(await api.usage()).toMatchObject({ tier: 'builder', model: PACING.upgradeModel });

    const wake = await wakeAfter(sse, sleep);
    await sse.until((m) => m.event === 'run.completed', 'run.completed', DAYS);
    expect((await api.run(runId)).model).toBe(PACING.upgradeModel);
    const woke = Date.parse(wake.data.at as string);
    const models = (await okTurns(system, runId)).map((r) => ({
      after: Date.parse((r as unknown as { at: string }).at) > woke, model: (r.body as unknown as { model: string }).model,
    }));
    const before = models.filter((m) => !m.after).map((m) => m.model);
    const after = models.filter((m) => m.after).map((m) => m.model);
    expect(before.length * after.length).toBeGreaterThan(0);
    expect([...new Set(before)]).toEqual(['cofounder-sim']);
    expect([...new Set(after)]).toEqual([PACING.upgradeModel]);
  });
});
