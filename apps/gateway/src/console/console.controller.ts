import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { NotFound } from '@cofounder/contracts';
import { ConsoleAssets } from './console-assets';
import { ConsoleConfig, ConsoleSettings } from './console-settings';
import { pageSecurityPolicy } from './page-security-policy';

/** Headers every console response carries: nothing sniffed, nothing framed, revalidated after each deploy. */
const COMMON_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache', 'Referrer-Policy': 'same-origin' };

/** The web console: one page and its modules, a client of the founder API like any other. */
@Controller()
export class ConsoleController {
  private readonly policy: string;

  constructor(private readonly assets: ConsoleAssets, private readonly settings: ConsoleSettings) {
    this.policy = pageSecurityPolicy(settings.config);
  }

  /** Every address the page routes itself answers with the page, so a reload or a shared link lands where it pointed. */
  @Get(['', 'projects/:projectId', 'runs/:runId'])
  page(@Res() res: Response): void {
    res.set({ ...COMMON_HEADERS, 'Content-Security-Policy': this.policy, 'X-Frame-Options': 'DENY' }).type('html').send(this.assets.page);
  }

  @Get('console/config.json')
  @Header('Cache-Control', 'no-cache')
  config(): ConsoleConfig {
    return this.settings.config;
  }

  @Get('console/:file')
  asset(@Param('file') file: string, @Res() res: Response): void {
    const asset = this.assets.get(file);
    if (!asset) throw new NotFound('No such console file');
    res.set(COMMON_HEADERS).type(asset.contentType).send(asset.body);
  }
}
