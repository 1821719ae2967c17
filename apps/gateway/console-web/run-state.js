// The run as the page shows it: from GET /v1/runs/:runId, then moved on by each event.
export function stateOf(run) {
  return {
    status: run.status,
    reason: run.reason,
    wakeAt: run.sleepingUntil ? new Date(run.sleepingUntil) : null,
    escalation: run.escalation,
  };
}

export function stateAfter(state, event) {
  switch (event.type) {
    case 'run.status': return {
      status: event.status,
      reason: event.reason ?? null,
      wakeAt: event.wakeAt ? new Date(event.wakeAt) : null,
      escalation: event.status === 'awaiting_input' ? state.escalation : null,
    };
    case 'escalation.required': return {
      ...state,
      status: 'awaiting_input',
      reason: event.reason,
      escalation: { id: event.escalationId, kind: event.kind, reason: event.reason, attempts: event.attempts, options: event.options },
    };
    // The status the answer sets comes next; the card goes at once, wherever the answer was given.
    case 'escalation.answered': return state.escalation?.id === event.escalationId ? { ...state, escalation: null } : state;
    case 'run.completed': return { status: 'completed', reason: null, wakeAt: null, escalation: null };
    case 'run.failed': return { status: 'failed', reason: event.reason, wakeAt: null, escalation: null };
    default: return state;
  }
}

/**
 * The stream's last event, as the gateway decides it: a `run.status` of `completed` or `failed`
 * comes before the `run.completed` or `run.failed` that carries the summary or the reason.
 */
export function isTerminalEvent(event) {
  return event.type === 'run.completed' || event.type === 'run.failed' || (event.type === 'run.status' && event.status === 'cancelled');
}
