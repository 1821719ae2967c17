/** A command as RunningCommands sees it: it can be told to stop, and says when it is over. */
export interface RunningCommand {
  /** Kills the command; its exec reports it as aborted. */
  stop(): void;
  /** Settles (never rejects) once the command's exec has returned. */
  readonly ended: Promise<void>;
}

/**
 * The commands running in each sandbox, shared by every E2bSandbox of that id in this process:
 * the pool may drop a handle and connect again while a command of the old handle still runs,
 * and a pause must end that one too.
 */
export class RunningCommands {
  private readonly bySandbox = new Map<string, Set<RunningCommand>>();

  /** Kept until the command has ended. */
  add(sandboxId: string, command: RunningCommand): void {
    let commands = this.bySandbox.get(sandboxId);
    if (!commands) this.bySandbox.set(sandboxId, (commands = new Set()));
    commands.add(command);
    void command.ended.then(() => {
      commands.delete(command);
      if (commands.size === 0 && this.bySandbox.get(sandboxId) === commands) this.bySandbox.delete(sandboxId);
    });
  }

  /** Stops every command of the sandbox and returns once each has ended. */
  async stopAll(sandboxId: string): Promise<void> {
    const commands = [...(this.bySandbox.get(sandboxId) ?? [])];
    for (const command of commands) command.stop();
    await Promise.all(commands.map((c) => c.ended));
  }
}
