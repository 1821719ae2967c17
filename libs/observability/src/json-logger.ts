import { ConsoleLogger } from '@nestjs/common';
import { redactDeep } from './redact';

/** One JSON line per log event, with the service name and secrets redacted. */
export class JsonLogger extends ConsoleLogger {
  constructor(service: string, logLevels?: ConsoleLogger['options']['logLevels']) {
    super(service, { json: true, colors: false, logLevels });
  }

  protected override printMessages(...args: Parameters<ConsoleLogger['printMessages']>): void {
    const [messages, ...rest] = args;
    super.printMessages(messages.map((m) => redactDeep(m)), ...rest);
  }
}
