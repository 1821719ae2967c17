export * from './errors.filter';
export * from './health.controller';
export * from './json-logger';
export * from './metrics.registry';
export * from './observability.module';
export * from './redact';
export * from './redacting-stream';
export * from './within';
