import { randomUUID } from 'node:crypto';
import { AuthorizeRequestV1 } from '@cofounder/contracts';
import { BillingTestApp, callOf, DAY_MS, newFounder, startBilling, TTL_MS, usageOf } from '../../test/billing-test-app';
import { ConfirmBudgetUseCase } from '../budget/confirm-budget.use-case';
import { ExpireReservationsUseCase } from '../reservations/expire-reservations.use-case';
import { ReleaseReservationsUseCase } from '../reservations/release-reservations.use-case';
import { RecordUsageUseCase } from '../usage/record-usage.use-case';
import { AuthorizeCallUseCase } from './authorize-call.use-case';

describe('billing.authorize against a real PostgreSQL', () => {
  let t: BillingTestApp;
  let authorize: AuthorizeCallUseCase;
  let recordUsage: RecordUsageUseCase;

  beforeAll(async () => {
    t = await startBilling();
    authorize = t.app.get(AuthorizeCallUseCase);
    recordUsage = t.app.get(RecordUsageUseCase);
  });
  afterAll(() => t.close());

  const newCall = (ownerId = newFounder(), projectId: string = randomUUID()) => callOf(ownerId, projectId, randomUUID(), t.clock);
  /** The founder's period starts now: one call authorized and released. */
  async function openAccount(call: AuthorizeRequestV1): Promise<void> {
    await expect(authorize.execute(call)).resolves.toMatchObject({ allowed: true });
    await t.app.get(ReleaseReservationsUseCase).execute(call);
  }
  /** Settled spend of `microdollars` (a multiple of 3: input tokens at $3 per million) by another run of the project, now. */
  async function spend(call: AuthorizeRequestV1, microdollars: number): Promise<void> {
    const other = { ...call, runId: randomUUID() };
    await recordUsage.execute(usageOf(other, undefined, t.clock, { inputTokens: microdollars / 3, outputTokens: 0 }));
  }
  async function allowedTimes(call: AuthorizeRequestV1, times: number): Promise<void> {
    for (let i = 0; i < times; i += 1) await expect(authorize.execute(call)).resolves.toMatchObject({ allowed: true });
  }

  it('reserves the worst case until today\'s allowance, then sleeps the run until the next pacing day', async () => {
    const start = t.clock.now();
    const call = newCall();
    for (let i = 0; i < 10; i += 1) await allowedTimes({ ...newCall(call.ownerId, call.projectId) }, 1);
    await allowedTimes({ ...call, runId: randomUUID() }, 6); // 16 x $0.06 = $0.96 of a $1.00 day
    const refusal = await authorize.execute(call);
    expect(refusal).toEqual({
      allowed: false, limit: 'day', retryAt: new Date(start.getTime() + DAY_MS).toISOString(),
      reason: 'Today\'s allowance of $1.00 is spent ($0.96 so far); work resumes with tomorrow\'s.',
      // $0.96 on the first of 30 days: $28.80 at this pace, held to the project's cap of $27.
      forecastMicrodollars: 27_000_000,
    });
    t.clock.advance(DAY_MS);
    await expect(authorize.execute(call)).resolves.toMatchObject({ allowed: true });
  });

  it('sleeps until the renewal once the period budget is spent', async () => {
    const call = newCall();
    const start = t.clock.now();
    await openAccount(call);
    await spend(call, 29_970_000);
    t.clock.advance(DAY_MS);
    await expect(authorize.execute(call)).resolves.toMatchObject({
      allowed: false, limit: 'period', retryAt: new Date(start.getTime() + 30 * DAY_MS).toISOString(),
    });
    t.clock.advance(29 * DAY_MS);
    await expect(authorize.execute(call)).resolves.toMatchObject({ allowed: true });
  });

  it('escalates a call whose worst case is more than a whole day\'s allowance', async () => {
    const reply = await authorize.execute({ ...newCall(), maxOutputTokens: 70_000 }); // $1.05 of output alone
    expect(reply).toMatchObject({ allowed: false, limit: 'plan' });
    expect(reply.reason).toContain('the plan is too small for this model');
    expect(reply.retryAt).toBeUndefined();
  });

  it('holds each run to its awake-period cap, counted from its awakeSince', async () => {
    const call = newCall();
    await allowedTimes(call, 10); // $0.60
    await expect(authorize.execute(call)).resolves.toMatchObject({ allowed: false, limit: 'awake_period' });
    await expect(authorize.execute({ ...call, runId: randomUUID() })).resolves.toMatchObject({ allowed: true });
    await expect(authorize.execute({ ...call, awakeSince: t.clock.now().toISOString() })).resolves.toMatchObject({ allowed: false });
    t.clock.advance(1);
    await expect(authorize.execute({ ...call, awakeSince: t.clock.now().toISOString() })).resolves.toMatchObject({ allowed: true });
  });

  it('asks the founder past 80% of the budget; confirm-budget lets them past once per period', async () => {
    const call = newCall();
    await openAccount(call);
    await spend(call, 23_970_000);
    t.clock.advance(DAY_MS);
    await expect(authorize.execute(call)).resolves.toMatchObject({ allowed: false, limit: 'alert' });
    const { periodEnd } = await t.app.get(ConfirmBudgetUseCase).execute(call);
    expect(new Date(periodEnd).getTime()).toBe(t.clock.now().getTime() + 29 * DAY_MS);
    await expect(authorize.execute(call)).resolves.toMatchObject({ allowed: true });

    t.clock.advance(29 * DAY_MS); // the next period: asked again
    await spend(call, 23_970_000);
    t.clock.advance(DAY_MS);
    await expect(authorize.execute(call)).resolves.toMatchObject({ allowed: false, limit: 'alert' });
  });

  it('stops a project at 90% of the budget while another project goes on', async () => {
    const call = newCall();
    await openAccount(call);
    await t.app.get(ConfirmBudgetUseCase).execute(call);
    await spend(call, 26_970_000);
    t.clock.advance(DAY_MS);
    await expect(authorize.execute(call)).resolves.toMatchObject({ allowed: false, limit: 'project' });
    await expect(authorize.execute({ ...call, projectId: randomUUID() })).resolves.toMatchObject({ allowed: true });
  });

  it('stops counting a reservation never settled within its time to live, and the sweep deletes it', async () => {
    const call = newCall();
    await allowedTimes(call, 10);
    await expect(authorize.execute(call)).resolves.toMatchObject({ allowed: false, limit: 'awake_period' });
    t.clock.advance(TTL_MS);
    await expect(authorize.execute(call)).resolves.toMatchObject({ allowed: true });
    t.clock.advance(TTL_MS);
    const { released } = await t.app.get(ExpireReservationsUseCase).execute();
    expect(released).toBeGreaterThanOrEqual(11); // this run's eleven, and any other test's past their time
    await expect(t.app.get(ReleaseReservationsUseCase).execute(call)).resolves.toEqual({ released: 0 });
    await expect(t.app.get(ExpireReservationsUseCase).execute()).resolves.toEqual({ released: 0 });
  });

  it('frees a run\'s reservations on release, and only that founder\'s', async () => {
    const call = newCall();
    await allowedTimes(call, 10);
    await expect(t.app.get(ReleaseReservationsUseCase).execute({ runId: call.runId, ownerId: newFounder() })).resolves.toEqual({ released: 0 });
    await expect(t.app.get(ReleaseReservationsUseCase).execute(call)).resolves.toEqual({ released: 10 });
    await expect(authorize.execute(call)).resolves.toMatchObject({ allowed: true });
  });

  it('settles a reservation with its usage: the actual cost counts, not the worst case', async () => {
    const call = newCall();
    for (let i = 0; i < 10; i += 1) {
      const { reservationId } = await authorize.execute(call);
      await recordUsage.execute(usageOf(call, reservationId, t.clock, { outputTokens: 0 })); // $0.03 of $0.06
    }
    await allowedTimes(call, 5); // $0.30 settled + $0.30 reserved: the cap exactly
    await expect(authorize.execute(call)).resolves.toMatchObject({ allowed: false, limit: 'awake_period' });
  });
});
