import type { CommandResult } from 'e2b';

// The SDK's error classes, with the same names and hierarchy.
export class SandboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
export class TimeoutError extends SandboxError {}
export class NotFoundError extends SandboxError {}
export class FileNotFoundError extends NotFoundError {}
export class SandboxNotFoundError extends NotFoundError {}
export class CommandExitError extends SandboxError implements CommandResult {
  constructor(private readonly result: CommandResult) {
    super(result.error ?? `exit status ${result.exitCode}`);
  }
  get exitCode() { return this.result.exitCode; }
  get error() { return this.result.error; }
  get stdout() { return this.result.stdout; }
  get stderr() { return this.result.stderr; }
}
