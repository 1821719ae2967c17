import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthorizeReplyV1, BillingAuthorize, BillingReleaseReservations, Subjects } from '@cofounder/contracts';
import { JetStreamPublisher, RpcClient } from '@cofounder/messaging';
import { uniqueName } from '../../../../test/support/test-nats';
import { waitFor } from '../../../../test/support/wait-for';
import { BillingTestApp, callOf, DAY_MS, newFounder, startBilling, TIER, usageOf } from '../../test/billing-test-app';

const RUNS = 20;
const PROJECTS = 3;
const DAYS = 3;

describe('twenty runs of one founder authorizing at once', () => {
  let t: BillingTestApp;
  beforeAll(async () => { t = await startBilling({ usageDurable: uniqueName('billing-usage') }); });
  afterAll(() => t.close());

  it('never spend a microdollar past any limit, day after day', async () => {
    const rpc = new RpcClient(t.nats);
    const publisher = t.app.get(JetStreamPublisher);
    const db = t.app.get(DataSource);
    const ownerId = newFounder();
    const projects = Array.from({ length: PROJECTS }, () => randomUUID());
    const budget = TIER.monthlyBudgetMicrodollars;
    let settled = 0;

    // Each run calls until refused; its usage (never more than its worst case) settles through USAGE meanwhile.
    async function run(i: number, refusals: AuthorizeReplyV1[]): Promise<void> {
      const call = callOf(ownerId, projects[i % PROJECTS], randomUUID(), t.clock);
      for (;;) {
        const reply = await rpc.request(BillingAuthorize, call);
        if (!reply.allowed) return void refusals.push(reply);
        // Most calls use all their worst case, so that an unserialised check shows in the ledger.
        const share = Math.random() < 0.9 ? 1 : Math.random();
        const usage = usageOf(call, reply.reservationId, t.clock, {
          inputTokens: Math.floor(share * call.estimatedInputTokens), outputTokens: Math.floor(share * call.maxOutputTokens),
        });
        settled += 1;
        await publisher.publish(Subjects.usageRecorded, usage, usage.responseId);
      }
    }
    const ledgerSum = async (where: string, params: unknown[] = []): Promise<number[]> => (await db.query(
      `SELECT COALESCE(SUM(cost_microdollars), 0)::bigint AS s FROM billing.ledger_entries WHERE owner_id = $1 ${where}`,
      [ownerId, ...params],
    )).map((r: { s: string }) => Number(r.s));

    // The founder's account exists before the rush, so nothing but its lock orders the twenty.
    const first = callOf(ownerId, projects[0], randomUUID(), t.clock);
    await rpc.request(BillingAuthorize, first);
    await rpc.request(BillingReleaseReservations, { runId: first.runId, ownerId });
    const periodStart = t.clock.now().getTime();

    for (let day = 0; day < DAYS; day += 1) {
      const dayStart = new Date(periodStart + day * DAY_MS);
      const [before] = await ledgerSum('AND authorized_at < $2', [dayStart]);
      const allowance = Math.floor((budget - before) / (30 - day));
      const refusals: AuthorizeReplyV1[] = [];
      await Promise.all(Array.from({ length: RUNS }, (_, i) => run(i, refusals)));
      await waitFor(async () => {
        const [{ n }] = await db.query('SELECT COUNT(*)::int AS n FROM billing.ledger_entries WHERE owner_id = $1', [ownerId]);
        return n === settled ? true : undefined;
      }, 'every usage in the ledger');
      const [spent] = await ledgerSum('AND authorized_at >= $2', [dayStart]);
      console.log(`day ${day}: ${settled} calls settled so far; spent ${spent} of a ${allowance} allowance; overshoot ${Math.max(0, spent - allowance)}`);

      expect(spent).toBeLessThanOrEqual(allowance);
      // The day's allowance, not some other limit, stopped every run.
      expect(refusals.map((r) => r.limit)).toEqual(Array(RUNS).fill('day'));
      t.clock.advance(DAY_MS);
    }
    const [period] = await ledgerSum('');
    expect(period).toBeLessThanOrEqual(budget);
    for (const project of await ledgerSum('GROUP BY project_id')) expect(project).toBeLessThanOrEqual(budget * 0.9);
    for (const r of await ledgerSum('GROUP BY run_id')) expect(r).toBeLessThanOrEqual(TIER.awakePeriodCapMicrodollars);
  });
});
