import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { redactDeep } from './redact';

/** One JSON line per log event, with the service name and secrets redacted. */
export class JsonLogger extends ConsoleLogger {
  constructor(service: string, level: string = 'log') {
    super(service, { json: true, colors: false, logLevels: levelsFrom(level) });
  }

  protected override printMessages(...args: Parameters<ConsoleLogger['printMessages']>): void {
    const [messages, ...rest] = args;
    super.printMessages(messages.map((m) => redactDeep(m)), ...rest);
  }
}

/** Most severe first: a LOG_LEVEL keeps its own level and every one above it. */
const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export function levelsFrom(level: string): LogLevel[] {
  const at = LEVELS.indexOf(level as LogLevel);
  if (at < 0) throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, not "${level}"`);
  return LEVELS.slice(0, at + 1);
}
