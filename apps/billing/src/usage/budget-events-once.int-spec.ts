import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { outlastDuplicateWindow, storedEvents } from '../../../../test/support/events-stream';
import { PrivateNatsServer } from '../../../../test/support/private-nats';
import { BillingTestApp, callOf, newFounder, startBilling, usageOf } from '../../test/billing-test-app';
import { AuthorizeCallUseCase } from '../authorization/authorize-call.use-case';
import { ConfirmBudgetUseCase } from '../budget/confirm-budget.use-case';
import { RecordUsageUseCase } from './record-usage.use-case';

/** A usage delivered again after an outage longer than EVENTS' duplicate window (100 ms here, 10 minutes in production). */
describe('what a settled call tells the founder, once however late the usage comes again', () => {
  let natsServer: PrivateNatsServer;
  let t: BillingTestApp;
  let authorize: AuthorizeCallUseCase;
  let recordUsage: RecordUsageUseCase;

  beforeAll(async () => {
    natsServer = await PrivateNatsServer.start();
    t = await startBilling({ natsUrl: natsServer.url, eventsDuplicateWindowMs: 100 });
    authorize = t.app.get(AuthorizeCallUseCase);
    recordUsage = t.app.get(RecordUsageUseCase);
  });
  afterAll(async () => {
    await t.close();
    await natsServer.stop();
  });

  const typesOf = async (runId: string) => (await storedEvents(t.nats, runId)).map((e) => e.data.type);

  it('publishes budget.updated once when the usage is delivered again past the window', async () => {
    const call = callOf(newFounder(), randomUUID(), randomUUID(), t.clock);
    const usage = usageOf(call, (await authorize.execute(call)).reservationId, t.clock);
    await recordUsage.execute(usage);
    await outlastDuplicateWindow(t.nats);
    await recordUsage.execute(usage);
    expect(await typesOf(call.runId)).toEqual(['budget.updated']);
  });

  it('sends budget.alert once when billing died between sending it and noting it sent, and the usage comes again past the window', async () => {
    const call = callOf(newFounder(), randomUUID(), randomUUID(), t.clock);
    await t.app.get(ConfirmBudgetUseCase).execute(call);
    const past = usageOf(call, undefined, t.clock, { inputTokens: 5_400_000, outputTokens: 0 }); // $16.20, past half the $30 budget
    await recordUsage.execute(past);
    // The note that it was sent, lost with the process that sent it.
    await t.app.get(DataSource).query('UPDATE billing.founder_accounts SET alerted_period_start = NULL WHERE owner_id = $1', [call.ownerId]);
    await outlastDuplicateWindow(t.nats);
    await recordUsage.execute(past);
    expect((await typesOf(call.runId)).filter((type) => type === 'budget.alert')).toHaveLength(1);
  });
});
