export * from './data-source-options';
export * from './database.health';
export * from './ensure-database';
export * from './migration-runner';
export * from './persistence.module';
export * from './database-unavailable';
export * from './prepared-query';
