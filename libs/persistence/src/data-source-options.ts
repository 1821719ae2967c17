import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';

export interface ServiceSchema {
  /** The PostgreSQL schema this service owns; no other service reads it. */
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: (Function | EntitySchema<any>)[];
  migrations: MixedList<Function>;
}

export function dataSourceOptions(url: string, schema: ServiceSchema): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    schema: schema.name,
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: 10, application_name: `cofounder-${schema.name}` },
  };
}
