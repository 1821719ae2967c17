export * from './tool-call-hash';
export * from './normalise-output';
export * from './error-signature';
export * from './repetition';
export * from './stuck-detector';
export * from './retry-budget';
export * from './nudge';
