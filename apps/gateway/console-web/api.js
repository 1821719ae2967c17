// The founder API, as the console calls it: JSON in and out, the session's token on every call.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function founderApi(session, { onSignedOut }) {
  async function call(method, path, body) {
    const token = await session.token();
    let res;
    try {
      res = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'Cofounder cannot be reached right now. Check your connection and try again.');
    }
    if (res.status === 401) onSignedOut();
    const data = await res.json().catch(() => null);
    if (!res.ok) throw new ApiError(res.status, data?.message ?? `The server answered ${res.status}`);
    return data;
  }
  const run = (runId) => `/v1/runs/${encodeURIComponent(runId)}`;
  return {
    projects: () => call('GET', '/v1/projects'),
    createProject: (name) => call('POST', '/v1/projects', { name }),
    runsOf: (projectId) => call('GET', `/v1/projects/${encodeURIComponent(projectId)}/runs`),
    startRun: (projectId, goal, verbose) => call('POST', `/v1/projects/${encodeURIComponent(projectId)}/runs`, { goal, verbose }),
    run: (runId) => call('GET', run(runId)),
    usage: () => call('GET', '/v1/usage'),
    answer: (runId, action, guidance) => call('POST', `${run(runId)}/escalation`, guidance ? { action, guidance } : { action }),
    control: (runId, action) => call('POST', `${run(runId)}/${action}`),
    eventsUrl,
    /** True when the stream answers 204: the run ended and nothing is left after `after`. */
    async streamIsOver(runId, cursor) {
      const stop = new AbortController();
      const res = await fetch(await eventsUrl(runId, cursor), { signal: stop.signal });
      stop.abort();
      return res.status === 204;
    },
  };

  /** EventSource sends no headers: the stream takes the token in its query (docs/api.md). */
  async function eventsUrl(runId, { verbose, after }) {
    const url = new URL(`${run(runId)}/events`, location.origin);
    url.searchParams.set('access_token', await session.token());
    if (verbose) url.searchParams.set('verbose', '1');
    if (after > 0) url.searchParams.set('after', String(after));
    return url.toString();
  }
}
