import { existsSync } from 'node:fs';
import path from 'node:path';

/** config/cofounder.yaml of this checkout, found from source or from dist/. */
function bundledConfigFile(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'config/cofounder.yaml');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve('config/cofounder.yaml');
    dir = parent;
  }
}

/**
 * The process environment, read in this one place. Defaults point at local servers
 * so a fresh checkout runs with no configuration at all.
 */
export class Environment {
  readonly natsUrl: string;
  readonly databaseUrl: string;
  readonly anthropicApiKey: string | undefined;
  readonly anthropicBaseUrl: string;
  readonly e2bApiKey: string | undefined;
  readonly authMode: 'dev' | 'clerk';
  readonly clerkJwtKey: string | undefined;
  /** The origins whose session tokens we accept (the `azp` claim); empty: any app of the Clerk instance. */
  readonly clerkAuthorizedParties: string[];
  /** Not a secret: the console hands it to Clerk's sign-in components in the browser. */
  readonly clerkPublishableKey: string | undefined;
  readonly stripeSecretKey: string | undefined;
  readonly stripeWebhookSecret: string | undefined;
  readonly configFile: string;
  readonly production: boolean;
  readonly port: number | undefined;
  readonly host: string;
  readonly logLevel: string;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.natsUrl = env.NATS_URL ?? 'nats://127.0.0.1:4222';
    this.databaseUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cofounder';
    this.anthropicApiKey = env.ANTHROPIC_API_KEY || undefined;
    this.anthropicBaseUrl = env.ANTHROPIC_BASE_URL ?? (this.anthropicApiKey ? 'https://api.anthropic.com' : 'http://127.0.0.1:4010');
    this.e2bApiKey = env.E2B_API_KEY || undefined;
    this.authMode = env.AUTH_MODE === 'clerk' ? 'clerk' : 'dev';
    this.clerkJwtKey = env.CLERK_JWT_KEY || undefined;
    this.clerkAuthorizedParties = (env.CLERK_AUTHORIZED_PARTIES ?? '').split(',').map((party) => party.trim()).filter(Boolean);
    this.clerkPublishableKey = env.CLERK_PUBLISHABLE_KEY?.trim() || undefined;
    this.stripeSecretKey = env.STRIPE_SECRET_KEY || undefined;
    this.stripeWebhookSecret = env.STRIPE_WEBHOOK_SECRET || undefined;
    this.configFile = env.COFOUNDER_CONFIG ?? bundledConfigFile();
    this.production = env.NODE_ENV === 'production';
    this.port = env.PORT ? Number(env.PORT) : undefined;
    this.host = env.HOST ?? '127.0.0.1';
    this.logLevel = env.LOG_LEVEL ?? 'log';
    if (env.AUTH_MODE && env.AUTH_MODE !== 'dev' && env.AUTH_MODE !== 'clerk') {
      throw new Error(`AUTH_MODE must be "dev" or "clerk", not "${env.AUTH_MODE}"`);
    }
  }
}
