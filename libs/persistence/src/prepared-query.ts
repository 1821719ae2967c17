import type { EntityManager } from 'typeorm';

interface PgClient {
  query<T>(query: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }>;
}

/**
 * Runs a statement as a named prepared statement on the manager's connection (its transaction's,
 * if it has one). PostgreSQL then parses it once per connection and, after a few runs, keeps a
 * generic plan: for a hot statement on a hot path (billing.authorize) the planning otherwise
 * costs more than the execution. `name` must be unique per statement text.
 */
export async function queryPrepared<T>(em: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const own = !em.queryRunner;
  const runner = em.queryRunner ?? em.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as PgClient;
    return (await client.query<T>({ name, text, values })).rows;
  } finally {
    if (own) await runner.release();
  }
}
