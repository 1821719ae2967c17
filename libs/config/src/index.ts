export * from './clock';
export * from './cofounder-config';
export * from './config.module';
export * from './environment';
export * from './load-config';
