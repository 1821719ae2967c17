import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FounderApi } from '../support/founder-api';
import { SseClient } from '../support/sse-client';
import { TestSystem } from '../support/system';

/** One of each kind the redactor knows, every value unique so a leak of any fragment of it is found. */
const SECRETS = {
  anthropic: 'sk-ant-api03-Zq7vLw2Xk9Pm4Rt8Yb6Nc1Hd5Gf3Js0Ka',
  openai: 'sk-proj-Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXc',
  stripe: 'sk_live_51MzQx8PkLw3Rt7Yb2Nc6Hd',
  aws: 'AKIAQ7W2E9R4T6Y1U3I5',
  github: 'ghp_9Zx8Cv7Bn6Mq5Wl4Ek3Rj2Th1Yg0Uf9Id8Os',
  password: 'hunter2-but-longer-7731',
  privateKeyBody: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj',
};

describe('a secret in the workspace', () => {
  const system = new TestSystem();
  let api: FounderApi;

  beforeAll(async () => {
    await system.start();
    api = new FounderApi(system.gatewayUrl, `dev:secrets-${Date.now()}`);
  });
  afterAll(() => system.stop());

  it('never reaches the model nor the founder\'s browser, whichever tool shows it', async () => {
    const runId = await api.startRun(await api.createProject(), 'Check the configuration [scenario:secret-in-workspace]');
    const sse = await SseClient.open(`${system.gatewayUrl}/v1/runs/${runId}/events?verbose=true`, { Authorization: `Bearer ${api.token}` });
    // The founder's files land in the workspace once the run has made it; the scenario waits for them.
    await sse.until((m) => m.event === 'tool.completed', 'the first tool');
    const workspace = path.join(system.sandboxesDir, runId);
    mkdirSync(path.join(workspace, 'deploy'), { recursive: true });
    writeFileSync(path.join(workspace, 'deploy/key.pem'),
      `-----BEGIN PRIVATE KEY-----\n${SECRETS.privateKeyBody}\n${SECRETS.privateKeyBody.split('').reverse().join('')}\n-----END PRIVATE KEY-----\n`);
    writeFileSync(path.join(workspace, '.env'), [
      `ANTHROPIC_API_KEY=${SECRETS.anthropic}`, `OPENAI_KEY=${SECRETS.openai}`, `STRIPE=${SECRETS.stripe}`,
      `aws_access_key_id = ${SECRETS.aws}`, `GH=${SECRETS.github}`, `DB_PASSWORD=${SECRETS.password}`, 'PORT=3000', '',
    ].join('\n'));

    await sse.until((m) => m.event === 'run.completed', 'run.completed');
    const log = JSON.stringify(await system.simRequests(runId));
    const events = JSON.stringify(sse.messages);
    // The tools did show the files (else this test would prove nothing), with the secrets cut out.
    expect(log).toContain('PORT=3000');
    expect(log).toContain('[REDACTED]');
    for (const [kind, secret] of Object.entries(SECRETS)) {
      for (const fragment of [secret, secret.slice(0, 16), secret.slice(-16)]) {
        expect({ kind, inRequests: log.includes(fragment) }).toEqual({ kind, inRequests: false });
        expect({ kind, inEvents: events.includes(fragment) }).toEqual({ kind, inEvents: false });
      }
    }
  });
});
