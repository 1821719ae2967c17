import { Controller, Get, Header } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The web console: one static page that talks to the founder API like any other client. */
const PAGE = readFileSync(path.join(__dirname, 'console.html'), 'utf8');

@Controller()
export class ConsoleController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'")
  page(): string {
    return PAGE;
  }
}
