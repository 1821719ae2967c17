export const RUN_STATUSES = [
  'queued', 'running', 'sleeping', 'awaiting_input', 'paused', 'completed', 'failed', 'cancelled',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];

export function isTerminal(status: RunStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
