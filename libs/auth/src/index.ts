export * from './auth.guard';
export * from './auth.module';
export * from './current-founder.decorator';
export * from './founder';
export * from './token-verifier';
