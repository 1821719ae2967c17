/**
 * The ports of the loop core. The services wire them to PostgreSQL, NATS and the executor;
 * the benchmark wires in-process ones to measure what distribution costs.
 */
export * from './records';
export * from './run-store';
export * from './model';
export * from './sandbox';
export * from './messaging';
export * from './budget';
