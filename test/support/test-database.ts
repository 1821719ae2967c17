import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '@cofounder/persistence';

export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A database of its own for one test file, dropped afterwards: tests never share rows. */
export async function createTestDatabase(label = 't'): Promise<TestDatabase> {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/cf_${label}_${randomBytes(5).toString('hex')}`;
  await ensureDatabase(url.toString());
  return { url: url.toString(), drop: () => dropDatabase(url.toString()) };
}
