// Follows a run's SSE stream and prints it for a person in plain language.
const ICONS = { ok: '✓', failed: '✗', agent: '💬', done: '🎉', stop: '⛔' };

function describe(event) {
  switch (event.type) {
    case 'run.status':
      return `   status: ${event.status.replace('_', ' ')}${event.reason ? ` (${event.reason})` : ''}`;
    case 'agent.message':
      return `${ICONS.agent} ${event.text}`;
    case 'tool.started':
      return `   … ${event.summary}`;
    case 'tool.completed':
      return `   ${event.ok ? ICONS.ok : ICONS.failed} ${event.summary} (${(event.durationMs / 1000).toFixed(1)} s)`;
    case 'tools.batched':
      return event.tools.map((t) => `   ${t.ok ? ICONS.ok : ICONS.failed} ${t.summary}`).join('\n');
    case 'sandbox.restored':
      return `   ♻ ${event.summary}`;
    case 'run.completed':
      return `${ICONS.done} The run is complete.`;
    case 'run.failed':
      return `${ICONS.stop} Stopped: ${event.reason}`;
    default:
      return null;
  }
}

/** Resolves with the terminal event; reconnects after the last id if the stream drops. */
async function followRun({ baseUrl, token, runId, verbose = true, print = console.log }) {
  let lastId;
  for (;;) {
    const res = await fetch(`${baseUrl}/v1/runs/${runId}/events${verbose ? '?verbose=true' : ''}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream', ...(lastId ? { 'Last-Event-ID': lastId } : {}) },
    });
    if (!res.ok) throw new Error(`the event stream answered ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const id = /^id: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!data) continue;
        lastId = id ?? lastId;
        const event = JSON.parse(data);
        const line = describe(event);
        if (line) print(line);
        if (event.type === 'run.completed' || event.type === 'run.failed' || (event.type === 'run.status' && event.status === 'cancelled')) return event;
      }
    }
  }
}

module.exports = { followRun, describe };
