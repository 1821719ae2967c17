import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';

export const DOCS_PATH = '/docs';
export const OPENAPI_JSON_PATH = '/docs/openapi.json';

/**
 * swagger-ui's page loads its scripts from files (no inline script) but styles itself inline;
 * everything else comes from this origin, and "Try it out" calls this origin only.
 */
const DOCS_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "connect-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

function docsHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', DOCS_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
}

/** The founder API as OpenAPI 3, read from the controllers' routes and the DTOs' decorators. */
export function apiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Cofounder founder API')
    .setDescription('Projects, runs and their live events, and the founder\'s usage. Errors are JSON '
      + '`{statusCode, error, message}`, checked in this order: 401, 404, 400, 409. Money is integer microdollars (1 USD = 1,000,000).')
    .setVersion('v1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A Clerk session token; in AUTH_MODE=dev, `dev:<userId>`' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'query', name: 'access_token', description: 'The same token, for an EventSource (which cannot send headers)' }, 'access_token')
    .build();
  return SwaggerModule.createDocument(app, config, { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` });
}

/** GET /docs (swagger-ui) and GET /docs/openapi.json; the document is built on first request, from the app as started. */
export function mountApiDocs(app: INestApplication): void {
  app.use(DOCS_PATH, docsHeaders);
  SwaggerModule.setup(DOCS_PATH, app, () => apiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Cofounder API',
  });
}
