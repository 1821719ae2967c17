import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigModule } from '@cofounder/config';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { testEnvironment } from '../../../test/support/test-environment';
import { mountApiDocs } from '../src/docs/api-docs';
import { GatewayModule } from '../src/gateway.module';

export interface GatewayTestApp {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/** The gateway with its docs mounted as main.ts mounts them, on a database of its own and the shared NATS. */
export async function startGateway(): Promise<GatewayTestApp> {
  const db: TestDatabase = await createTestDatabase('gateway');
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(testEnvironment({ DATABASE_URL: db.url })), GatewayModule],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  mountApiDocs(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
