import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OpenAPIObject, OperationObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { repoRoot } from '../../../../test/support/repo-root';
import { GatewayTestApp, startGateway } from '../../test/gateway-test-app';
import { DOCS_PATH, OPENAPI_JSON_PATH } from './api-docs';

interface Route {
  method: string;
  path: string;
}

/** What Express really serves: every route the Nest router registered, with its method, as OpenAPI writes paths. */
function registeredRoutes(app: INestApplication): Route[] {
  const stack = (app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack;
  return stack.flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((method) => ({ method, path: layer.route!.path })) : []))
    .filter((route) => !route.path.startsWith(DOCS_PATH))
    .map((route) => ({ method: route.method, path: route.path.replace(/:(\w+)/g, '{$1}') }));
}

function operations(doc: OpenAPIObject): (Route & { op: OperationObject })[] {
  return Object.entries(doc.paths).flatMap(([p, item]) => Object.entries(item)
    .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, op]) => ({ method, path: p, op: op as OperationObject })));
}

const key = (r: Route) => `${r.method.toUpperCase()} ${r.path}`;

describe('the gateway\'s OpenAPI document at /docs', () => {
  let gateway: GatewayTestApp;
  let doc: OpenAPIObject;

  beforeAll(async () => {
    gateway = await startGateway();
    const res = await fetch(`${gateway.url}${OPENAPI_JSON_PATH}`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as OpenAPIObject;
  });
  afterAll(() => gateway?.close());

  it('lists every route the app registered, with its method, and nothing else', () => {
    const registered = registeredRoutes(gateway.app).map(key).sort();
    expect(registered).toEqual(expect.arrayContaining(['GET /v1/runs/{runId}/events', 'POST /v1/projects', 'GET /metrics']));
    expect(operations(doc).map(key).sort()).toEqual(registered);
  });

  it('gives every operation a success answer, and every founder route its errors in the error body', () => {
    for (const { method, path: p, op } of operations(doc)) {
      const statuses = Object.keys(op.responses);
      expect({ route: `${method} ${p}`, success: statuses.some((s) => /^2\d\d$/.test(s)) }).toEqual({ route: `${method} ${p}`, success: true });
      if (!p.startsWith('/v1/')) continue;
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        expect(op.responses[status]).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBodyDto' } } } });
      }
    }
  });

  it('describes the bodies decoded by hand and the answers as DTO schemas', () => {
    const schemas = doc.components!.schemas as Record<string, SchemaObject>;
    const body = (p: string) => (doc.paths[p].post!.requestBody as { content: Record<string, { schema: { $ref: string } }> }).content['application/json'].schema.$ref;
    expect(body('/v1/projects')).toBe('#/components/schemas/CreateProjectRequestDto');
    expect(body('/v1/projects/{projectId}/runs')).toBe('#/components/schemas/CreateRunRequestDto');
    expect(body('/v1/runs/{runId}/escalation')).toBe('#/components/schemas/EscalationAnswerDto');
    expect(schemas.RunViewDto.required).toEqual(expect.arrayContaining(['id', 'status', 'costMicrodollars', 'escalation', 'updatedAt']));
    expect(schemas.ErrorBodyDto.required?.sort()).toEqual(['error', 'message', 'statusCode']);
    const events = doc.paths['/v1/runs/{runId}/events'].get!;
    const stream = events.responses['200'] as ResponseObject;
    expect(Object.keys(stream.content!)).toEqual(['text/event-stream']);
    expect(stream.description).toContain('tools.batched');
    expect(events.parameters!.map((p) => ('name' in p ? p.name : '')).sort()).toEqual(['Last-Event-ID', 'after', 'runId', 'verbose']);
  });

  it('declares bearer auth on exactly the routes that answer 401 without a token, in the error body it documents', async () => {
    expect(doc.components!.securitySchemes!.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const errorFields = Object.keys((doc.components!.schemas!.ErrorBodyDto as SchemaObject).properties!).sort();
    for (const { method, path: p, op } of operations(doc)) {
      const res = await fetch(`${gateway.url}${p.replace(/\{\w+\}/g, randomUUID())}`, { method: method.toUpperCase() });
      const secured = (op.security ?? []).some((s) => 'bearer' in s);
      expect({ route: `${method} ${p}`, secured, status: res.status === 401 ? 401 : 'other' })
        .toEqual({ route: `${method} ${p}`, secured, status: secured ? 401 : 'other' });
      if (!secured) continue;
      expect(Object.keys(op.responses)).toContain('401');
      expect(Object.keys((await res.json()) as object).sort()).toEqual(errorFields);
    }
  });

  it('serves swagger-ui at /docs under a CSP with no inline script, leaking no host path', async () => {
    const page = await fetch(`${gateway.url}${DOCS_PATH}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    const html = await page.text();
    expect(html).toContain('swagger-ui-bundle.js');
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/);
    const init = await (await fetch(`${gateway.url}${DOCS_PATH}/swagger-ui-init.js`)).text();
    expect((await fetch(`${gateway.url}${DOCS_PATH}/swagger-ui-bundle.js`)).status).toBe(200);
    const root = repoRoot();
    for (const text of [html, init, JSON.stringify(doc)]) {
      for (const hostPath of [root, path.dirname(root), os.homedir(), os.tmpdir(), 'node_modules']) expect(text).not.toContain(hostPath);
    }
  });

  it('is pointed to from docs/api.md', () => {
    expect(readFileSync(path.join(repoRoot(), 'docs/api.md'), 'utf8')).toContain('/docs');
  });
});
