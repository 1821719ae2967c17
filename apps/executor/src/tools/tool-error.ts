/** A tool could not do what the model asked; the message tells the model why. */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}
