import path from 'node:path';
import { Environment } from '@cofounder/config';
import { repoRoot } from './repo-root';
import { TEST_NATS_URL } from './test-nats';

export const BUNDLED_CONFIG = path.join(repoRoot(), 'config/cofounder.yaml');

export function testEnvironment(overrides: NodeJS.ProcessEnv = {}): Environment {
  return new Environment({ NATS_URL: TEST_NATS_URL, COFOUNDER_CONFIG: BUNDLED_CONFIG, ...overrides });
}
