import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiQuery, ApiSecurity } from '@nestjs/swagger';
import type { RunEventType } from '@cofounder/contracts';

/** Every event type with its payload: a type added to the contract and not here fails the build. */
const EVENT_PAYLOADS: Record<RunEventType, string> = {
  'run.status': '{status, reason?, wakeAt?, forecastMicrodollars?}',
  'agent.message': '{text} (verbose)',
  'tool.started': '{toolUseId, tool, summary, input} (verbose)',
  'tool.progress': '{toolUseId, elapsedMs} (verbose; also in the default stream for a tool running over 10 s)',
  'tool.completed': '{toolUseId, tool, ok, exitCode?, durationMs, summary} (verbose)',
  'tools.batched': '{count, tools: [{tool, summary, ok}], messages, budget?}: the default stream\'s digest of the activity between phase events',
  'budget.updated': '{spentMicrodollars, budgetMicrodollars, todayAllowanceMicrodollars, spentTodayMicrodollars} (verbose)',
  'budget.alert': '{percent}',
  'escalation.required': '{escalationId, kind, reason, attempts, options}',
  'escalation.answered': '{escalationId, action, guidance?}: the founder\'s answer, whichever browser or script gave it',
  'sandbox.restored': '{summary, snapshotTakenAt}',
  'run.completed': '{summary} (terminal)',
  'run.failed': '{reason} (terminal)',
};

const EVENTS_TABLE = Object.entries(EVENT_PAYLOADS).map(([type, payload]) => `- \`${type}\` ${payload}`).join('\n');

const STREAM = `Each message is \`id: <event id>\`, \`event: <type>\`, \`data: {"type", "runId", "at", ...}\`; a comment
heartbeat keeps the stream open while a tool runs. The stream closes after the terminal event (\`run.completed\`,
\`run.failed\`, or \`run.status\` \`cancelled\`). Event types:

${EVENTS_TABLE}`;

/** GET /v1/runs/:runId/events: the run's activity as Server-Sent Events, resumable. */
export function ApiRunEventStream() {
  return applyDecorators(
    // EventSource cannot send headers, so the token may come in the query too.
    ApiSecurity('access_token'),
    ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id (wins over ?after=)' }),
    ApiQuery({ name: 'after', required: false, type: String, description: 'Resume after this event id; without a cursor the run is replayed from its first event' }),
    ApiQuery({ name: 'verbose', required: false, enum: ['true', '1'], description: 'Every event as it is, instead of phase events and digests' }),
    ApiOkResponse({ description: STREAM, content: { 'text/event-stream': { schema: { type: 'string', example: 'id: 42\nevent: run.status\ndata: {"type":"run.status","runId":"…","at":"…","status":"running"}\n\n' } } } }),
    ApiNoContentResponse({ description: 'Resumed after the terminal event: nothing is left to send (a browser\'s EventSource stops reconnecting)' }),
  );
}
