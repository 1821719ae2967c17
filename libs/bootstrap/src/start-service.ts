import 'reflect-metadata';
import { INestApplication, Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { json, NextFunction, Request, Response } from 'express';
import { CofounderConfig, Environment } from '@cofounder/config';
import { ConsumerLag, JetStreamServer, NatsConnectionHolder } from '@cofounder/messaging';
import { httpStatusOf, JsonLogger } from '@cofounder/observability';
import { IncomingMessage, ServerResponse, STATUS_CODES } from 'node:http';

export interface ServiceOptions {
  name: string;
  module: Type<unknown>;
  defaultPort: number;
  /** Serve @MessagePattern / @EventPattern handlers over NATS. */
  nats: boolean;
  /** Keep each JSON body's bytes as `req.rawBody` too (Nest's RawBodyRequest), for a signature over them. */
  rawBody?: boolean;
  /** Routes of the service's own beyond its controllers (the gateway's /docs), added before Nest's not-found handler. */
  configure?: (app: INestApplication) => void;
}

function keepRawBody(req: IncomingMessage & { rawBody?: Buffer }, _res: ServerResponse, buf: Buffer): void {
  req.rawBody = buf;
}

/** A JSON body over 1 MB answers 413 in our error shape, not Express's HTML page. */
function bodyErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (!err) return next();
  const statusCode = httpStatusOf(err);
  const message = statusCode === 413 ? 'Request body is larger than 1 MB' : statusCode === 400 ? 'Request body is not valid JSON' : 'Internal server error';
  res.status(statusCode).json({ statusCode, error: STATUS_CODES[statusCode], message });
}

/** Starts one Cofounder service: JSON logs, NATS transport, HTTP port, graceful shutdown. */
export async function startService(opts: ServiceOptions): Promise<INestApplication> {
  const env = new Environment();
  // forceCloseConnections: open SSE streams must not hold a shutdown; browsers reconnect with Last-Event-ID.
  const app = await NestFactory.create(opts.module, { logger: new JsonLogger(opts.name, env.logLevel), bodyParser: false, forceCloseConnections: true });
  app.use(json({ limit: '1mb', ...(opts.rawBody && { verify: keepRawBody }) }), bodyErrorHandler);
  app.enableShutdownHooks();
  opts.configure?.(app);
  if (opts.nats) {
    const config = app.get(CofounderConfig);
    // The server borrows the connection lazily: MessagingModule connects it during init().
    const server = new JetStreamServer(app.get(NatsConnectionHolder), {
      queue: opts.name,
      ackWaitMs: config.limits.ackWaitMs,
      maxDeliver: config.limits.maxDeliver,
      consumerLag: app.get(ConsumerLag),
    });
    // inheritAppConfig: the app's global error filter also lets RPC errors through with their codes.
    app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  }
  await app.init();
  if (opts.nats) await app.startAllMicroservices();
  const port = env.port ?? opts.defaultPort;
  await app.listen(port, env.host);
  new Logger('Bootstrap').log({ msg: 'service ready', service: opts.name, port });
  return app;
}
