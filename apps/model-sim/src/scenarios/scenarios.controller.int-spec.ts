import Anthropic from '@anthropic-ai/sdk';
import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { ModelSimModule } from '../model-sim.module';

const replayOf = (command: string) => ({
  name: 'replay-posted',
  steps: [
    { content: [{ type: 'text', text: 'Running it.' }, { type: 'tool_use', name: 'bash', input: { command } }], stop_reason: 'tool_use' },
    { content: [{ type: 'text', text: 'Done.' }], stop_reason: 'end_turn' },
  ],
});

describe('POST /sim/scenarios: a scenario loaded without a restart', () => {
  let app: NestExpressApplication;
  let baseURL: string;
  let client: Anthropic;

  const post = async (body: unknown) => {
    const res = await fetch(`${baseURL}/sim/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const firstToolCall = async (scenario: string) => {
    const message = await client.messages.create({
      model: 'cofounder-sim', max_tokens: 1024, metadata: { user_id: randomUUID() },
      messages: [{ role: 'user', content: `Replay it. [scenario:${scenario}]` }],
    });
    return message.content.find((b) => b.type === 'tool_use');
  };

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    const moduleRef = await Test.createTestingModule({ imports: [ModelSimModule] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    baseURL = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    client = new Anthropic({ baseURL, apiKey: 'sim', maxRetries: 0 });
  });
  afterAll(() => app?.close());

  it('plays a posted scenario and lists it', async () => {
    expect(await post(replayOf('npm test'))).toEqual({ status: 201, body: { name: 'replay-posted' } });
    expect(await firstToolCall('replay-posted')).toMatchObject({ name: 'bash', input: { command: 'npm test' } });
    const listed = (await (await fetch(`${baseURL}/sim/scenarios`)).json()) as { names: string[] };
    expect(listed.names).toEqual(expect.arrayContaining(['demo', 'replay-posted']));
  });

  it('replaces a scenario of the same name', async () => {
    await post(replayOf('npm test'));
    await post(replayOf('npm run build'));
    expect(await firstToolCall('replay-posted')).toMatchObject({ input: { command: 'npm run build' } });
  });

  it('refuses a body that is not a scenario with 400, naming the field, and loads nothing', async () => {
    const bad = { ...replayOf('ls'), name: 'replay-bad', steps: [{ content: [{ type: 'image' }] }] };
    const res = await post(bad);
    expect(res).toEqual({ status: 400, body: { statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/steps\.0\.content\.0\.type/) } });
    const listed = (await (await fetch(`${baseURL}/sim/scenarios`)).json()) as { names: string[] };
    expect(listed.names).not.toContain('replay-bad');
  });
});
