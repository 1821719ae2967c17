/** The founder API as a test (or the demo) uses it: plain fetch, JSON in and out. */
export class FounderApi {
  constructor(readonly baseUrl: string, readonly token: string) {}

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  async createProject(name = 'Test project'): Promise<string> {
    const res = await this.call<{ id: string }>('POST', '/v1/projects', { name });
    if (res.status !== 201) throw new Error(`create project: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  async startRun(projectId: string, goal: string): Promise<string> {
    const res = await this.call<{ id: string }>('POST', `/v1/projects/${projectId}/runs`, { goal });
    if (res.status !== 202) throw new Error(`start run: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  /** POST /v1/runs/:runId/pause|resume|cancel: the status code and the body as they came. */
  brake(runId: string, action: 'pause' | 'resume' | 'cancel'): Promise<{ status: number; body: { status?: string; message?: string } }> {
    return this.call('POST', `/v1/runs/${runId}/${action}`);
  }

  async run(runId: string): Promise<RunShown> {
    const res = await this.call<RunShown>('GET', `/v1/runs/${runId}`);
    if (res.status !== 200) throw new Error(`get run: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async usage(): Promise<UsageShown> {
    const res = await this.call<UsageShown>('GET', '/v1/usage');
    if (res.status !== 200) throw new Error(`usage: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

/** GET /v1/runs/:runId as docs/api.md shows it. */
export interface RunShown {
  id: string;
  projectId: string;
  status: string;
  reason: string | null;
  goal: string;
  model: string | null;
  toolCalls: number;
  costMicrodollars: number;
  inputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  cacheReadShare: number | null;
  sleepingUntil: string | null;
  escalation: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

/** GET /v1/usage as docs/api.md shows it. */
export interface UsageShown {
  tier: string;
  model: string;
  periodStart: string;
  periodEnd: string;
  budgetMicrodollars: number;
  spentMicrodollars: number;
  todayAllowanceMicrodollars: number;
  spentTodayMicrodollars: number;
  projects: { projectId: string; spentMicrodollars: number }[];
}
