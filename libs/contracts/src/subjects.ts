/** Every NATS subject, stream and bucket name of the system, defined once. */
export const Streams = {
  RUNS: 'RUNS',
  EVENTS: 'EVENTS',
  USAGE: 'USAGE',
} as const;

export const Buckets = {
  RUN_STATE: 'RUN_STATE',
  SCHEDULER_LEADER: 'SCHEDULER_LEADER',
  /** Object store of workspace snapshots, created by the executor on first use. */
  SNAPSHOTS: 'SNAPSHOTS',
} as const;

export const RUN_COMMANDS = ['start', 'wake', 'pause', 'resume', 'cancel', 'respond'] as const;
export type RunCommand = (typeof RUN_COMMANDS)[number];

export const Subjects = {
  runStep: (runId: string) => `run.step.${runId}`,
  runCommand: (command: RunCommand) => `run.cmd.${command}`,
  runEvent: (runId: string, type: string) => `evt.run.${runId}.${type}`,
  runEvents: (runId: string) => `evt.run.${runId}.>`,
  usageRecorded: 'usage.recorded',
  // Per run, not per call: a run id is a UUID, always a valid subject token; a toolUseId need not be.
  toolProgress: (runId: string) => `tool.progress.${runId}`,
} as const;

/** The subject filters of the durable consumers; work-queue consumers must not overlap. */
export const Filters = {
  runSteps: 'run.step.*',
  runCommands: 'run.cmd.*',
  usage: 'usage.>',
} as const;
