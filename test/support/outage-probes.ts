import { Client } from 'pg';
import { RunsReap } from '@cofounder/contracts';
import { NatsConnectionHolder, RpcClient } from '@cofounder/messaging';
import { TestSystem } from './system';

/** What a fault test reads straight from the system's database, never through the services' proxy. */
export async function queryDatabase<T>(system: TestSystem, sql: string, params: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: system.databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The run's rows in billing's ledger. */
export function ledgerOf(system: TestSystem, runId: string): Promise<{ usage_id: string; input_tokens: number; output_tokens: number }[]> {
  return queryDatabase(system, 'SELECT usage_id, input_tokens, output_tokens FROM billing.ledger_entries WHERE run_id = $1', [runId]);
}

/** Who holds the run's step lease now (a token per delivery), or null. */
export async function stepLeaseHolder(system: TestSystem, runId: string): Promise<string | null> {
  const [row] = await queryDatabase<{ step_lease_holder: string | null }>(system, 'SELECT step_lease_holder FROM orchestrator.runs WHERE id = $1', [runId]);
  return row?.step_lease_holder ?? null;
}

/** How many deliveries of `subject`'s messages a service's log shows failing on an outage. */
export function outageFailures(system: TestSystem, service: 'orchestrator' | 'billing', subject: string): number {
  return system.logOf(service).split('\n')
    .filter((line) => line.includes('message handler failed') && line.includes(subject) && line.includes('"outage":true')).length;
}

/** A NATS client of the test's own on the system's server: for the reaper's RPC and the work queue. */
export async function natsOf(system: TestSystem): Promise<{ nats: NatsConnectionHolder; reap: () => Promise<string[]> }> {
  const nats = new NatsConnectionHolder();
  await nats.connect(system.natsUrl, 'outage-test');
  const rpc = new RpcClient(nats);
  return { nats, reap: async () => (await rpc.request(RunsReap, {})).reaped };
}

/** The run's status as the orchestrator keeps it: readable while the gateway's other sources (billing) are away. */
export async function runStatusOf(system: TestSystem, runId: string): Promise<string | undefined> {
  const [row] = await queryDatabase<{ status: string }>(system, 'SELECT status FROM orchestrator.runs WHERE id = $1', [runId]);
  return row?.status;
}

/** Billing's reservations for the run: one per model call authorized, so the count says which call is under way. */
export async function reservationsOf(system: TestSystem, runId: string): Promise<number> {
  const [row] = await queryDatabase<{ n: string }>(system, 'SELECT count(*) AS n FROM billing.reservations WHERE run_id = $1', [runId]);
  return Number(row.n);
}
