/** An operation this provider does not offer (yet); says which, so an operator knows what to switch. */
export class SandboxUnsupported extends Error {
  constructor(provider: string, operation: string) {
    super(`The ${provider} sandbox provider does not support ${operation} yet`);
    this.name = 'SandboxUnsupported';
  }
}
