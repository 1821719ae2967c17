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
}
