import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ModelSimModule } from '../model-sim.module';

/** A real simulator on a free port, for integration tests. */
export interface SimulatorUnderTest {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the simulator with the bundled scenarios plus `scenarios`, written to a folder of their own. */
export async function startSimulator(scenarios: readonly { name: string }[]): Promise<SimulatorUnderTest> {
  const folder = mkdtempSync(path.join(tmpdir(), 'model-sim-'));
  for (const scenario of scenarios) writeFileSync(path.join(folder, `${scenario.name}.json`), JSON.stringify(scenario));
  process.env.SIM_SCENARIOS = folder;
  Logger.overrideLogger(['error']);
  const moduleRef = await Test.createTestingModule({ imports: [ModelSimModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
  app.useBodyParser('json', { limit: '1mb' });
  await app.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`,
    async close() {
      await app.close();
      delete process.env.SIM_SCENARIOS;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
