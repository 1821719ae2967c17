/**
 * The commands of one run running in this process, shared by every handle of the run: a pause
 * or an import through one handle must also end what another started.
 */
export class RunCommands {
  private controller = new AbortController();
  private readonly running = new Set<Promise<unknown>>();

  /** Aborted by stopAll: taken by each command as it starts. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  track<T>(command: Promise<T>): Promise<T> {
    this.running.add(command);
    const done = () => this.running.delete(command);
    command.then(done, done);
    return command;
  }

  /** Ends every command running now and waits until each has gone; later commands run as usual. */
  async stopAll(): Promise<void> {
    this.controller.abort();
    this.controller = new AbortController();
    await Promise.allSettled([...this.running]);
  }
}
