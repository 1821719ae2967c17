import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ServiceSchema } from './data-source-options';

export async function migrate(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // One lock per schema: instances starting together wait for each other instead of racing.
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`]).catch(() => undefined);
    await runner.release();
  }
}

@Injectable()
export class MigrationRunner implements OnModuleInit {
  private readonly log = new Logger(MigrationRunner.name);

  constructor(private readonly dataSource: DataSource, @Inject('SERVICE_SCHEMA') private readonly schema: ServiceSchema) {}

  async onModuleInit(): Promise<void> {
    const applied = await migrate(this.dataSource, this.schema.name);
    if (applied.length) this.log.log({ msg: 'migrations applied', schema: this.schema.name, migrations: applied });
  }
}
